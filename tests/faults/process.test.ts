// The server process killed or stopped under load: every acknowledged report is stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServerProcess } from '../helpers/process.ts';
import { report } from '../helpers/http.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { missing, startLoad, storedSeqs, waitFor } from '../helpers/load.ts';

let database: TestDatabase;
const dataDir = mkdtempSync(join(tmpdir(), 'logcenter-sigkill-'));
beforeAll(async () => {
  database = await createDatabase();
});
afterAll(async () => {
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const env = () => ({ DATABASE_URL: database.url, DB_POOL_SIZE: '4' });

describe('the server process under load', { timeout: 120_000 }, () => {
  it.each([
    ['PostgreSQL', () => ({ env: env(), store: database.url })],
    // The embedded database writes through the operating system before a report is
    // acknowledged (it cannot fsync): a killed process loses nothing.
    ['the embedded database', () => ({ env: { DATA_DIR: dataDir }, store: { dataDir } })],
  ])(
    'killed with SIGKILL (%s): every acknowledged report is in the database, and it starts again',
    async (_kind, target) => {
      const { env: serverEnv, store } = target();
      const server = await startServerProcess(serverEnv);
      const load = startLoad(server.url, 'sigkill', 16);
      await waitFor(() => load.result.acknowledged.size >= 300, 20_000, 'reports before the kill');
      server.child.kill('SIGKILL');
      await server.exit;
      const result = await load.stop();

      expect(Object.keys(result.statuses).filter((s) => s !== '200' && s !== 'network')).toEqual([]);
      const stored = await storedSeqs(store, 'sigkill');
      expect(missing(result.acknowledged, stored)).toEqual([]);

      const again = await startServerProcess(serverEnv);
      try {
        expect((await report(again.url, runtimeReport({ project_id: 'sigkill' }))).status).toBe(200);
      } finally {
        expect(await again.stop()).toBe(0);
      }
    },
  );

  it('stopped with SIGTERM: drains within 10 s, exits 0, and every acknowledged report is stored', async () => {
    const server = await startServerProcess(env());
    const load = startLoad(server.url, 'sigterm', 16);
    await waitFor(() => load.result.acknowledged.size >= 300, 20_000, 'reports before SIGTERM');
    const started = Date.now();
    const code = await server.stop();
    const drainMs = Date.now() - started;
    const result = await load.stop();

    expect(code).toBe(0);
    expect(drainMs).toBeLessThan(10_000);
    expect(server.output()).toContain('"event":"server.stopped"');
    // While closing it answers 503 (and closes the connection), then refuses connections.
    expect(Object.keys(result.statuses).filter((s) => !['200', '503', 'network'].includes(s))).toEqual([]);
    const stored = await storedSeqs(database.url, 'sigterm');
    expect(missing(result.acknowledged, stored)).toEqual([]);
  });
});
