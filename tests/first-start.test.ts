// `npm start` in a terminal, the first time: readable log lines and a banner with where to
// go, how to sign in (the one-time password works) and where the data lives; a restart
// shows no password.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './setup/servers.ts';

const artifacts = new URL('./artifacts/', import.meta.url).pathname;
mkdirSync(artifacts, { recursive: true });
const work = mkdtempSync(join(artifacts, 'first-start-'));
const dataDir = join(work, 'data');
const bin = new URL('../bin/logcenter.js', import.meta.url).pathname;
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `logcenter start` as a person runs it (no ADMIN_* variables), until its banner is out. */
async function start(port: number, webPort: number): Promise<{ child: ChildProcess; output: () => string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(ADMIN_|DATABASE_URL|REDIS_URL)/.test(k)),
  );
  const child = spawn(process.execPath, [bin, 'start'], {
    env: {
      ...env,
      LOG_FORMAT: 'pretty',
      DATA_DIR: dataDir,
      PORT: String(port),
      WEB_PORT: String(webPort),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  for (let i = 0; i < 1200 && !output.includes('  Data  '); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!output.includes('  Data  ')) {
    child.kill('SIGKILL');
    throw new Error(`no banner:\n${output}`);
  }
  return { child, output: () => output };
}

const stop = (child: ChildProcess) => new Promise((resolve) => (child.kill('SIGTERM'), child.on('exit', resolve)));

describe('the first start in a terminal', { timeout: 180_000 }, () => {
  it('prints readable lines and a banner whose one-time password signs in; a restart shows none', async () => {
    const [port, webPort] = [await freePort(), await freePort()];
    const first = await start(port, webPort);
    let password: string;
    try {
      const out = first.output();
      expect(out).toContain(`  Dashboard   http://localhost:${webPort}`);
      expect(out).toContain(`  API         http://localhost:${port}`);
      expect(out).toContain(`  Data        ${dataDir} (embedded database)`);
      password = out.match(/Sign in as {2}admin@localhost {3}one-time password: (\S+)/)![1]!;
      // Readable lines, not JSON.
      expect(out).toMatch(/INFO.*Log Center is listening/);
      expect(out.split('\n').filter((l) => l.startsWith('{"level"'))).toEqual([]);
      const login = await fetch(`http://127.0.0.1:${webPort}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@localhost', password }),
      });
      expect(login.status).toBe(200);
    } finally {
      await stop(first.child);
    }
    const again = await start(port, webPort);
    try {
      expect(again.output()).toContain(`  Dashboard   http://localhost:${webPort}`);
      expect(again.output()).not.toContain('one-time password');
    } finally {
      await stop(again.child);
    }
  });
});
