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
  /** SIGTERM, then the exit code; a server still running 20 s later is killed and the call fails with its output. */
  stop(): Promise<number | null>;
};

const bin = new URL('../../bin/logcenter.js', import.meta.url).pathname;
const STOP_LIMIT_MS = 20_000;

/** Spawns the server without waiting for it; `env` replaces DATABASE_URL and REDIS_URL entirely. */
export function spawnServer(port: number, env: Record<string, string>, webPort = 0): ServerProcess {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawn(process.execPath, [bin, 'start'], {
    env: {
      ...inherited,
      PORT: String(port),
      WEB_PORT: String(webPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      AUTO_CREATE_PROJECTS_PER_MINUTE: '0',
      MAX_PROJECTS: '0',
      ...adminEnv,
      ...env,
    },
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
    async stop() {
      if (child.exitCode !== null) return exit;
      child.kill('SIGTERM');
      // Well past SHUTDOWN_TIMEOUT (10 s), after which the server exits by itself: a server
      // still there is stuck, and what it last printed is what shows where.
      let stuck = false;
      const timer = setTimeout(() => {
        stuck = true;
        child.kill('SIGKILL');
      }, STOP_LIMIT_MS);
      const code = await exit;
      clearTimeout(timer);
      if (stuck)
        throw new Error(
          `the server did not exit within ${STOP_LIMIT_MS / 1000} s of SIGTERM and was killed; its last output:\n${output.slice(-8000)}`,
        );
      return code;
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
