// POST /api/v1/logs/report — the contract's ingestion endpoint.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/client.ts';
import { validate } from '../http/errors.ts';
import { reportSchema } from './report-schema.ts';
import { ingest, type Outcome } from './pipeline.ts';

const MESSAGES: Record<Outcome['kind'], string> = {
  created: 'Log reported',
  deduplicated: 'Log deduplicated',
  regressed: 'Regression detected, reopened',
};

export function reportResponse(o: Outcome) {
  return { message: MESSAGES[o.kind], id: o.issueId, status: o.status, fingerprint: o.fingerprint };
}

export function registerReportRoute(app: FastifyInstance, db: Database) {
  app.post('/api/v1/logs/report', async (req) => {
    const report = validate(reportSchema, req.body);
    const [outcome] = await ingest(db.prisma, [
      { report, receivedAt: new Date(), remoteAddr: req.ip, userAgent: req.headers['user-agent'] },
    ]);
    if (outcome!.kind !== 'deduplicated') {
      req.log.info(
        { event: `issue.${outcome!.kind}`, issueId: outcome!.issueId, projectId: report.project_id, errorType: report.error.type },
        outcome!.kind === 'created' ? 'new issue' : 'regression: issue reopened',
      );
    }
    return reportResponse(outcome!);
  });
}
