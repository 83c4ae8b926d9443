// The real `logcenter start` process with the embedded default (no DATABASE_URL): data
// survives restarts, SIGTERM lets in-flight requests finish, one process per DATA_DIR.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './setup/servers.ts';
import { spawnServer, startServerProcess, type ServerProcess } from './helpers/process.ts';
import { get, report } from './helpers/http.ts';
import { fixture } from './helpers/fixtures.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'logcenter-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const embedded = { DATA_DIR: dataDir };
const startServer = () => startServerProcess(embedded);
const stop = (running: ServerProcess) => running.stop();

describe('embedded mode', { timeout: 120_000 }, () => {
  it('keeps data across a restart, and stops cleanly on SIGTERM', async () => {
    const body = fixture('seed-000/runtime.json');
    const first = await startServer();
    expect((await get(first.url, '/readyz')).body).toEqual({ status: 'ready', database: 'pglite', pending: 0 });
    const created = await report(first.url, body);
    expect(created.body).toMatchObject({ message: 'Log reported' });
    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain('"event":"server.stopped"');

    const second = await startServer();
    try {
      expect((await report(second.url, body)).body).toMatchObject({ message: 'Log deduplicated', id: created.body.id });
      expect((await get(second.url, '/api/v1/projects/rtc_backend')).status).toBe(200);
    } finally {
      expect(await stop(second)).toBe(0);
    }
  });

  it('refuses a second server on the same DATA_DIR', async () => {
    const first = await startServer();
    try {
      const second = spawnServer(await freePort(), embedded);
      expect(await second.exit).toBe(1);
      expect(second.output()).toMatch(/DATA_DIR .* is in use by another Log Center process \(pid \d+\)/);
      expect((await get(first.url, '/healthz')).status).toBe(200);
    } finally {
      expect(await stop(first)).toBe(0);
    }
  });

  it('lets an in-flight request finish after SIGTERM', async () => {
    const running = await startServer();
    const payload = JSON.stringify({ ...fixture('seed-000/deployment.json'), environment: 'in-flight' });
    const half = Math.floor(payload.length / 2);
    const socket = connect(running.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let response = '';
    socket.on('data', (d) => (response += d));
    const closed = new Promise((r) => socket.once('close', r));
    socket.write(
      `POST /api/v1/logs/report HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n` +
        payload.slice(0, half),
    );
    await new Promise((r) => setTimeout(r, 200));
    running.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    socket.write(payload.slice(half));
    await closed;
    expect(response, running.output()).toMatch(/^HTTP\/1.1 200/);
    expect(response).toMatch(/"message":"Log (reported|deduplicated)"/);
    expect(await running.exit).toBe(0);
  });
});
