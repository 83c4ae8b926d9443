// POST /api/v1/logs/report — the contract's ingestion endpoint.
import type { FastifyInstance } from 'fastify';
import type { Core } from '../core.ts';
import { validateBody } from '../http/errors.ts';
import { reportSchema } from './report-schema.ts';
import type { Outcome } from './pipeline.ts';

const MESSAGES: Record<Outcome['kind'], string> = {
  created: 'Log reported',
  deduplicated: 'Log deduplicated',
  regressed: 'Regression detected, reopened',
};

export function reportResponse({ kind, issue }: Outcome) {
  return { message: MESSAGES[kind], id: issue.id, status: issue.status, fingerprint: issue.fingerprint };
}

export function registerReportRoute(app: FastifyInstance, core: Core) {
  app.post('/api/v1/logs/report', async (req) => {
    const report = validateBody(reportSchema, req.body);
    const [outcome] = await core.ingest([
      { report, receivedAt: new Date(), remoteAddr: req.ip, userAgent: req.headers['user-agent'] },
    ]);
    const { kind, issue } = outcome!;
    if (kind !== 'deduplicated') {
      req.log.info(
        { event: `issue.${kind}`, issueId: issue.id, projectId: issue.projectId, errorType: issue.errorType },
        kind === 'created' ? 'new issue' : 'regression: issue reopened',
      );
    }
    return reportResponse(outcome!);
  });
}
