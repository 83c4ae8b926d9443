// The real `logcenter start` process with the embedded default (no DATABASE_URL): data
// survives restarts, SIGTERM lets in-flight requests finish, one process per DATA_DIR.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './setup/servers.ts';
import { spawnServer, startServerProcess, type ServerProcess } from './helpers/process.ts';
import { get, post, report } from './helpers/http.ts';
import { buildPath, numberedLines } from './testkit/seed.ts';
import { fixture } from './helpers/fixtures.ts';
import hot from '../server/src/db/pglite-hot-functions.json' with { type: 'json' };

const dataDir = mkdtempSync(join(tmpdir(), 'logcenter-embedded-'));
const scratch = mkdtempSync(join(tmpdir(), 'logcenter-embedded-new-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

const procFile = (pid: number, name: string) => readFileSync(`/proc/${pid}/${name}`, 'utf8').split('\0');
const events = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { event?: string; applied?: string[] });
const migrationNames = () =>
  readdirSync(new URL('../prisma/migrations', import.meta.url))
    .filter((n) => !n.includes('.'))
    .sort();

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
    // Build logs too: their partitioned table works on PGlite.
    const build = buildPath('rtc_backend', 'Build and Deploy', '1');
    expect((await post(first.url, `${build}/logs`, { lines: numberedLines(1, 3, { tag: 'test' }) })).body).toEqual({
      accepted: 3,
      firstLineNo: 1,
      lastLineNo: 3,
    });
    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain('"event":"server.stopped"');

    const second = await startServer();
    try {
      expect((await report(second.url, body)).body).toMatchObject({ message: 'Log deduplicated', id: created.body.id });
      expect((await get(second.url, '/api/v1/projects/rtc_backend')).status).toBe(200);
      expect((await get(second.url, `${build}/logs/download`)).text).toBe('line 1\nline 2\nline 3\n');
    } finally {
      expect(await stop(second)).toBe(0);
    }
  });

  it('starts a new DATA_DIR from the template, migrated by a child process, with the low-memory flags', async () => {
    const fresh = join(scratch, 'from-template');
    const running = await startServerProcess({ DATA_DIR: fresh, LOG_LEVEL: 'debug' });
    try {
      const pid = running.child.pid!;
      // bin/logcenter.js replaced itself (same pid) with a process that has the flags.
      expect(procFile(pid, 'cmdline')).toEqual(
        expect.arrayContaining(['--wasm-tier-up-filter=0', '--heap-growing-percent=10']),
      );
      // PostgreSQL's hot functions optimised up front (server/src/db/pglite-wasm.ts).
      expect(events(running.output()).find((e) => e.event === 'db.wasm_compiled')).toMatchObject({
        optimised: hot.functions.length,
      });
      // Start-up's garbage handed back once it listens (server/src/idle-gc.ts).
      expect(events(running.output()).find((e) => e.event === 'memory.collected')).toMatchObject({ reason: 'started' });
      // glibc splits the variable where it parses it: ':' becomes a NUL.
      expect(procFile(pid, 'environ')).toEqual(
        expect.arrayContaining(['GLIBC_TUNABLES=glibc.malloc.arena_max=2', 'glibc.malloc.trim_threshold=131072']),
      );
      const migrated = events(running.output()).find((e) => e.event === 'db.migrated');
      expect(migrated?.applied).toEqual(migrationNames());
      expect(events(running.output()).some((e) => e.event === 'db.template')).toBe(false);
      expect((await report(running.url, fixture('seed-000/runtime.json'))).body).toMatchObject({
        message: 'Log reported',
      });
    } finally {
      expect(await stop(running)).toBe(0);
    }
    const again = await startServerProcess({ DATA_DIR: fresh });
    try {
      expect(events(again.output()).some((e) => e.event === 'db.migrated')).toBe(false);
      expect((await report(again.url, fixture('seed-000/runtime.json'))).body).toMatchObject({
        message: 'Log deduplicated',
      });
    } finally {
      expect(await stop(again)).toBe(0);
    }
  });

  it('keeps the optimising compiler when EMBEDDED_OPTIMIZING_COMPILER=true', async () => {
    const running = await startServerProcess({
      DATA_DIR: join(scratch, 'optimizing'),
      EMBEDDED_OPTIMIZING_COMPILER: 'true',
    });
    try {
      const flags = procFile(running.child.pid!, 'cmdline');
      expect(flags).toContain('--max-semi-space-size=8');
      expect(flags).not.toContain('--wasm-tier-up-filter=0');
      expect(events(running.output()).some((e) => e.event === 'db.wasm_compiled')).toBe(false);
      expect(flags).not.toContain('--heap-growing-percent=10');
    } finally {
      expect(await stop(running)).toBe(0);
    }
  });

  it('makes the template itself when there is none, and finishes a half-copied DATA_DIR', async () => {
    const cache = join(scratch, 'cache');
    const fresh = join(scratch, 'half-copied');
    // What a copy cut short leaves: some of the files, not PG_VERSION (copied last).
    mkdirSync(join(fresh, 'base'), { recursive: true });
    writeFileSync(join(fresh, 'postgresql.conf'), '# cut short\n');
    const running = await startServerProcess({ DATA_DIR: fresh, LOG_CENTER_CACHE_DIR: cache });
    try {
      expect(events(running.output()).some((e) => e.event === 'db.template')).toBe(true);
      const [template, ...others] = readdirSync(cache);
      expect(others).toEqual([]);
      expect(template).toMatch(/^pglite-\d+\.\d+\.\d+$/);
      expect(existsSync(join(cache, template!, 'PG_VERSION'))).toBe(true);
      expect((await report(running.url, fixture('seed-000/runtime.json'))).body).toMatchObject({
        message: 'Log reported',
      });
    } finally {
      expect(await stop(running)).toBe(0);
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
