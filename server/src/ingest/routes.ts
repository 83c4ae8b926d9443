// POST /api/v1/logs/report — the contract's ingestion endpoint.
import { z } from 'zod';
import type { Core } from '../core.ts';
import { sourceMappedReport } from './source-mapped.ts';
import { errorResponse, jsonResponse, type TypedApp } from '../http/route-schemas.ts';
import { IssueStatus } from '../generated/prisma/enums.ts';
import { reportSchema } from './report-schema.ts';
import { INGEST_KEY_HEADER, refuseUnlessKeyed } from '../projects/ingest-keys.ts';
import { keyFromAuthHeader } from '../sentry/auth.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import { enforceKeyLimit } from '../projects/key-limit.ts';
import type { Outcome } from './pipeline.ts';

const MESSAGES: Record<Outcome['kind'], string> = {
  created: 'Log reported',
  deduplicated: 'Log deduplicated',
  regressed: 'Regression detected, reopened',
};

export const reportResponseSchema = z.object({
  message: z.enum(Object.values(MESSAGES) as [string, ...string[]]),
  id: z.int().meta({ description: 'Issue id', example: 123 }),
  status: z.enum(IssueStatus),
  fingerprint: z.string().meta({ example: '0aef4a677dc8df671fac47d8a86a8452' }),
});

export type ReportResponse = z.infer<typeof reportResponseSchema>;

export function reportResponse({ kind, issue }: Outcome): ReportResponse {
  return { message: MESSAGES[kind], id: issue.id, status: issue.status, fingerprint: issue.fingerprint };
}

const schema = {
  tags: ['Ingestion'],
  summary: 'Report an error',
  body: reportSchema,
  response: {
    200: jsonResponse(
      '`Log reported` for a new issue, `Log deduplicated` (with the current status) for a known one, `Regression detected, reopened` when a fixed issue recurs.',
      reportResponseSchema,
    ),
    401: errorResponse('The project requires its key in `X-Log-Center-Key`, and none was sent'),
    403: errorResponse(
      'The key sent is not an enabled key of the project, or the project is new and MAX_PROJECTS is reached',
    ),
    404: errorResponse('The project is unknown and AUTO_CREATE_PROJECTS=false'),
    408: errorResponse('The request did not arrive in time (headers within 10 s, the whole request within 30 s)'),
    413: errorResponse('Body over 1 MiB'),
    429: errorResponse(
      'Over the key’s events-a-minute limit, the per-address limit, or (for a new project) AUTO_CREATE_PROJECTS_PER_MINUTE; nothing was stored (see `Retry-After`)',
    ),
    431: errorResponse('Headers over 16 KiB'),
    503: errorResponse('The database is unavailable; nothing was stored (see `Retry-After`)'),
  },
};

export function registerReportRoute(app: TypedApp, core: Core, keyLimiter: RateLimiter) {
  app.post('/api/v1/logs/report', { schema }, async (req, reply) => {
    const body = req.body;
    const sent =
      (req.headers[INGEST_KEY_HEADER] as string | undefined) ??
      keyFromAuthHeader(req.headers['x-sentry-auth'] as string | undefined) ??
      undefined;
    const key = await core.ingestKeys.check(body.project_id, sent);
    refuseUnlessKeyed(key, body.project_id, 'accepts reports');
    if (key.kind === 'accepted') await enforceKeyLimit(keyLimiter, reply, key.key);
    await core.projects.admit(body.project_id, body.repo_url, reply);
    const report = await sourceMappedReport(body, core.sourceMaps);
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
