// Liveness and readiness, for Docker, Kubernetes and load balancers.
// /healthz: the process answers (restart it if not). It does not look at the database: a
// database outage is not cured by restarting every server.
// /readyz: send this server traffic? Only while the database answers, the ingestion queue is
// not backed up, and the server is not shutting down.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/client.ts';

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

export function registerHealth(app: FastifyInstance, readiness: Readiness) {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const { db } = readiness;
    const notReady = (message: string) =>
      reply.code(503).header('retry-after', '5').send({ error: 'not_ready', message });
    if (readiness.stopping()) return notReady('shutting down');
    const pending = readiness.pendingReports();
    if (pending > readiness.maxPending)
      return notReady(`overloaded: ${pending} requests wait for their reports to be stored`);
    if (!(await databaseAnswers(db))) return notReady(`database (${db.kind}) does not answer`);
    return { status: 'ready', database: db.kind, pending };
  });
}
