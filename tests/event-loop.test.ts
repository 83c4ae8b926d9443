// Report data is anyone's text: no step of ingestion may hold the event loop on it. While the
// worst strings we can make for every pattern that reads report data are being stored (the
// scrubber's secret assignments and card numbers, Sentry's message titles, timestamps, deep
// nesting), /healthz keeps answering within 100 ms.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type TestDatabase } from './helpers/database.ts';
import { startServerProcess, type ServerProcess } from './helpers/process.ts';
import { post } from './helpers/http.ts';
import { envelope } from './sentry/helpers.ts';
import { repeatTo, WORST_PIECES } from './helpers/hostile.ts';

// Its own process, so that what is measured is the server's event loop, not this one's.
let database: TestDatabase;
let server: ServerProcess;
beforeAll(async () => {
  database = await createDatabase();
  server = await startServerProcess({ DATABASE_URL: database.url });
});
afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

/** Strings of about `n` bytes as JSON, each the worst case of some pattern over report data. */
const worstStrings = (n: number) =>
  WORST_PIECES.map((piece) => repeatTo(piece, Math.floor((n * piece.length) / (JSON.stringify(piece).length - 2))));

const DEEP = '"<deep>"';
/** JSON text of `value` with `"<deep>"` replaced by `levels` nested objects (too deep for JSON.stringify). */
const withDeep = (value: unknown, levels = 10_000) =>
  JSON.stringify(value).replace(DEEP, `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

/** Asks /healthz every 5 ms while `work` runs; returns the slowest answer in ms. */
async function slowestHealthAnswer(work: () => Promise<void>): Promise<number> {
  let done = false;
  let slowest = 0;
  const poll = (async () => {
    while (!done) {
      const started = performance.now();
      const res = await fetch(`${server.url}/healthz`);
      await res.arrayBuffer();
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  try {
    await work();
  } finally {
    done = true;
    await poll;
  }
  return slowest;
}

describe('the event loop under hostile report text', () => {
  it('keeps answering /healthz within 100 ms while the worst strings are stored, by REST and by Sentry', async () => {
    await post(server.url, '/api/v1/logs/report', {
      project_id: 'hostile',
      environment: 'p',
      level: 'ERROR',
      error: { type: 'Init', message: 'x' },
    });
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const [key] = (
      await db.query(
        'SELECT k.public_key, p.dsn_id FROM project_keys k JOIN projects p ON p.id = k.project_id WHERE p.id = $1',
        ['hostile'],
      )
    ).rows;
    await db.end();
    // Parts of them fill bodies up to the 1 MiB limit; every body is made before the clock runs.
    const part = (s: string, share: number) => s.slice(0, Math.floor(s.length * share));
    const sentryAuth = { 'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${key.public_key}` };
    const requests = worstStrings(1_000_000).flatMap((s) => [
      // A hostile timestamp: refused with 422.
      {
        path: '/api/v1/logs/report',
        headers: {},
        stored: false,
        body: JSON.stringify({
          project_id: 'hostile',
          environment: 'production',
          level: 'ERROR',
          timestamp: part(s, 0.01),
          error: { type: 'Hostile', message: part(s, 0.1), stack_trace: [part(s, 0.2)] },
          context: { s: part(s, 0.5) },
        }),
      },
      {
        path: '/api/v1/logs/report',
        headers: {},
        stored: true,
        body: withDeep({
          project_id: 'hostile',
          environment: 'production',
          level: 'ERROR',
          error: { type: 'Hostile', message: 'in the context', stack_trace: part(s, 0.1) },
          context: { s: part(s, 0.8), nested: '<deep>' },
        }),
      },
      {
        path: `/api/${key.dsn_id}/envelope/`,
        headers: sentryAuth,
        stored: true,
        body: envelope({}, [
          {
            headers: { type: 'event' },
            payload: withDeep({
              event_id: 'f'.repeat(32),
              level: 'error',
              logentry: { formatted: part(s, 0.3) },
              extra: { s: part(s, 0.6), nested: '<deep>' },
            }),
          },
        ]),
      },
    ]);
    const sendAll = async (list: typeof requests) => {
      const statuses: number[] = [];
      for (const { path, headers, body } of list) {
        const res = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : new Uint8Array(body),
        });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      return statuses;
    };
    // One of each first, so that what is timed is the work, not the compiling of it.
    await sendAll(requests.slice(0, 3));
    let statuses: number[] = [];
    const slowest = await slowestHealthAnswer(async () => {
      statuses = await sendAll(requests);
    });
    expect(statuses).toEqual(requests.map((r) => (r.stored ? 200 : 422)));
    expect(slowest).toBeLessThan(100);
  }, 120_000);
});
