// Grouping key of the ingestion contract: MD5 hex of the source's fields joined with "|",
// a missing or null field as the empty string.
import { createHash } from 'node:crypto';
import type { Source } from '../generated/prisma/enums.ts';

export type FingerprintInput = {
  projectId: string;
  source: Source;
  errorType: string;
  filePath?: string | null;
  lineNumber?: number | null;
  context?: Record<string, unknown> | null;
};

function part(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function fingerprintParts(r: FingerprintInput): unknown[] {
  switch (r.source) {
    case 'runtime':
      return [r.projectId, r.errorType, r.filePath, r.lineNumber];
    case 'cicd':
      return [r.projectId, 'cicd', r.errorType, r.context?.job_name, r.context?.step_name];
    case 'deployment':
      return [r.projectId, 'deployment', r.errorType, r.context?.namespace, r.context?.deployment_name];
  }
}

export function fingerprint(r: FingerprintInput): string {
  return createHash('md5').update(fingerprintParts(r).map(part).join('|')).digest('hex');
}
