// Liveness and readiness, for Docker, Kubernetes and load balancers.
// /healthz: the process answers (restart it if not). It does not look at the database: a
// database outage is not cured by restarting every server.
// /readyz: send this server traffic? Only while the database answers, the ingestion queue is
// not backed up, and the server is not shutting down.
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { errorResponse, jsonResponse, type TypedApp } from './route-schemas.ts';

export type Readiness = {
  db: Database;
  /** Requests whose reports wait to be stored. */
  pendingReports(): number;
  /** Above this many, the server says it is overloaded. */
  maxPending: number;
  stopping(): boolean;
};

const DATABASE_CHECK_MS = 2000;

async function databaseAnswers(db: Database): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), DATABASE_CHECK_MS)));
  const query = db.sql.query('readiness', 'SELECT 1', []).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const healthzSchema = {
  tags: ['Operations'],
  summary: 'Liveness: the process answers',
  response: { 200: jsonResponse('Alive', z.object({ status: z.literal('ok') })) },
};

const readyzSchema = {
  tags: ['Operations'],
  summary: 'Readiness: the database answers, reports are not backed up, and the server is not shutting down',
  response: {
    200: jsonResponse(
      'Ready for traffic',
      z.object({
        status: z.literal('ready'),
        database: z.string().meta({ example: 'postgres' }),
        pending: z.int().meta({ description: 'Requests whose reports wait to be stored' }),
      }),
    ),
    503: errorResponse('Not ready (with Retry-After): the reason is in the message'),
  },
};

export function registerHealth(app: TypedApp, readiness: Readiness) {
  app.get('/healthz', { schema: healthzSchema }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', { schema: readyzSchema }, async (_req, reply) => {
    const { db } = readiness;
    const notReady = (message: string) =>
      reply.code(503).header('retry-after', '5').send({ error: 'not_ready', message });
    if (readiness.stopping()) return notReady('shutting down');
    const pending = readiness.pendingReports();
    if (pending > readiness.maxPending)
      return notReady(`overloaded: ${pending} requests wait for their reports to be stored`);
    if (!(await databaseAnswers(db))) return notReady(`database (${db.kind}) does not answer`);
    return { status: 'ready' as const, database: db.kind, pending };
  });
}
