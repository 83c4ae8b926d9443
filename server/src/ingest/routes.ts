// POST /api/v1/logs/report — the contract's ingestion endpoint.
import type { FastifyInstance } from 'fastify';
import type { Core } from '../core.ts';
import { HttpError, validateBody } from '../http/errors.ts';
import { reportSchema } from './report-schema.ts';
import { INGEST_KEY_HEADER } from '../projects/ingest-keys.ts';
import { keyFromAuthHeader } from '../sentry/auth.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import { enforceKeyLimit } from '../projects/key-limit.ts';
import type { Outcome } from './pipeline.ts';

const MESSAGES: Record<Outcome['kind'], string> = {
  created: 'Log reported',
  deduplicated: 'Log deduplicated',
  regressed: 'Regression detected, reopened',
};

export function reportResponse({ kind, issue }: Outcome) {
  return { message: MESSAGES[kind], id: issue.id, status: issue.status, fingerprint: issue.fingerprint };
}

export function registerReportRoute(app: FastifyInstance, core: Core, keyLimiter: RateLimiter) {
  app.post('/api/v1/logs/report', async (req, reply) => {
    const report = validateBody(reportSchema, req.body);
    const sent =
      (req.headers[INGEST_KEY_HEADER] as string | undefined) ??
      keyFromAuthHeader(req.headers['x-sentry-auth'] as string | undefined) ??
      undefined;
    const key = await core.ingestKeys.check(report.project_id, sent);
    if (key.kind === 'missing')
      throw new HttpError(
        401,
        'key_required',
        `project "${report.project_id}" accepts reports only with one of its keys in the X-Log-Center-Key header`,
      );
    if (key.kind === 'invalid')
      throw new HttpError(
        403,
        'invalid_key',
        `the X-Log-Center-Key sent is not an enabled key of project "${report.project_id}"`,
      );
    if (key.kind === 'accepted') await enforceKeyLimit(keyLimiter, reply, key.key);
    await core.projects.admit(report.project_id, report.repo_url, reply);
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
