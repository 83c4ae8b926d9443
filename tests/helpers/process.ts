// The real `logcenter start` command as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../setup/servers.ts';
import { adminEnv } from './auth.ts';

export type ServerProcess = {
  child: ChildProcess;
  url: string;
  port: number;
  output: () => string;
  exit: Promise<number | null>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
};

const bin = new URL('../../bin/logcenter.js', import.meta.url).pathname;

/** Spawns the server without waiting for it; `env` replaces DATABASE_URL and REDIS_URL entirely. */
export function spawnServer(port: number, env: Record<string, string>, webPort = 0): ServerProcess {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawn(process.execPath, [bin, 'start'], {
    env: { ...inherited, PORT: String(port), WEB_PORT: String(webPort), HOST: '127.0.0.1', LOG_LEVEL: 'info', AUTO_CREATE_PROJECTS_PER_MINUTE: '0', MAX_PROJECTS: '0', ...adminEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exit,
    stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exit;
    },
  };
}

/** Spawns the server and waits until it listens. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const running = spawnServer(await freePort(), env);
  for (let i = 0; i < 600; i++) {
    if (running.output().includes('"event":"server.started"')) return running;
    if (running.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  running.child.kill('SIGKILL');
  throw new Error(`server did not start:\n${running.output()}`);
}
