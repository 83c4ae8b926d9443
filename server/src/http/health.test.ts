// The readiness rules; tests/http.test.ts checks both endpoints against a real database.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { registerHealth, type Readiness } from './health.ts';
import { useRouteSchemas } from './route-schemas.ts';

function app(overrides: Partial<Readiness> & { query?: () => Promise<unknown[]> }) {
  const db = { kind: 'postgres', sql: { query: overrides.query ?? (async () => []) } } as unknown as Database;
  const http = Fastify();
  registerHealth(useRouteSchemas(http), {
    db,
    pendingReports: () => 0,
    maxPending: 10,
    stopping: () => false,
    ...overrides,
  });
  return http;
}

const readyz = async (http: ReturnType<typeof app>) => {
  const res = await http.inject({ method: 'GET', url: '/readyz' });
  return { status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] };
};

describe('/readyz', () => {
  it('is ready with the queue at its limit', async () => {
    expect(await readyz(app({ pendingReports: () => 10 }))).toEqual({
      status: 200,
      body: { status: 'ready', database: 'postgres', pending: 10 },
      retryAfter: undefined,
    });
  });

  it('is not ready when the queue is over its limit', async () => {
    expect(await readyz(app({ pendingReports: () => 11 }))).toEqual({
      status: 503,
      body: { error: 'not_ready', message: 'overloaded: 11 requests wait for their reports to be stored' },
      retryAfter: '5',
    });
  });

  it('is not ready while shutting down', async () => {
    expect((await readyz(app({ stopping: () => true }))).body).toEqual({
      error: 'not_ready',
      message: 'shutting down',
    });
  });

  it('gives up on a database that hangs, after 2 s', async () => {
    const started = Date.now();
    const res = await readyz(app({ query: () => new Promise(() => {}) }));
    expect(res.body).toEqual({ error: 'not_ready', message: 'database (postgres) does not answer' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it('/healthz does not ask the database', async () => {
    const res = await app({ query: () => Promise.reject(new Error('down')) }).inject({
      method: 'GET',
      url: '/healthz',
    });
    expect(res.json()).toEqual({ status: 'ok' });
  });
});
