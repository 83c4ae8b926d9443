// PostgreSQL stops under load: reports get 503 with Retry-After, never a 200 for something
// not stored; the server recovers by itself when PostgreSQL is back; nothing acknowledged is lost.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPostgres, type Postgres } from '../setup/servers.ts';
import { buildApp, type App } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { createLogger } from '../../server/src/log.ts';
import { get } from '../helpers/http.ts';
import { missing, startLoad, storedSeqs, waitFor } from '../helpers/load.ts';

let postgres: Postgres;
let app: App;
let url: string;

beforeAll(async () => {
  // Its own cluster, since this test stops it; commits synchronous, as in production.
  postgres = await startPostgres(inject('pgBin'), { settings: { synchronous_commit: 'on' } });
  const config = loadConfig({
    PORT: '0',
    WEB_PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: postgres.url('postgres'),
    DB_POOL_SIZE: '5',
    LOG_LEVEL: 'fatal',
  });
  app = await buildApp(config, createLogger(config.logLevel));
  ({ api: url } = await app.start());
});

afterAll(async () => {
  await app?.stop();
  postgres?.stop();
});

describe('PostgreSQL stopped during load', { timeout: 90_000 }, () => {
  it('answers 503 with Retry-After while it is away, recovers by itself, and loses nothing acknowledged', async () => {
    const load = startLoad(url, 'pg_fault');
    await waitFor(() => load.result.acknowledged.size >= 50, 10_000, 'reports before the outage');

    postgres.halt();
    const during = load.result.statuses['503'] ?? 0;
    await waitFor(() => (load.result.statuses['503'] ?? 0) >= during + 20, 15_000, '503 answers during the outage');
    const ready = await get(url, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.message).toBe('database (postgres) does not answer');
    expect((await get(url, '/healthz')).status).toBe(200);

    postgres.resume();
    load.mark();
    await waitFor(() => load.result.okAfterMark >= 50, 30_000, 'reports accepted again after PostgreSQL returned');
    const result = await load.stop();

    expect(Object.keys(result.statuses).sort()).toEqual(['200', '503']);
    expect(result.retryAfter).toBe(result.statuses['503']);
    expect((await get(url, '/readyz')).status).toBe(200);
    const stored = await storedSeqs(postgres.url('postgres'), 'pg_fault');
    expect(missing(result.acknowledged, stored)).toEqual([]);
  });
});
