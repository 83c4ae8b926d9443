// Throwaway PostgreSQL and Redis servers on free ports, in temporary folders.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, chownSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

// PostgreSQL refuses to run as root; run its tools as the `postgres` user then.
function asPostgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  return { uid, gid };
}

export type Postgres = {
  url: (db: string) => string;
  port: number;
  stop(): void;
  /** Stops the server as a crash would (immediate mode), keeping its data… */
  halt(): void;
  /** …and starts it again on the same port, recovering from its WAL. */
  resume(): void;
};

/**
 * `durable`: PostgreSQL's defaults (fsync, synchronous commit), for benchmarks; tests go without.
 * `settings`: more server settings, e.g. `{ shared_preload_libraries: 'pg_stat_statements' }`.
 */
export async function startPostgres(
  pgBin: string,
  { durable = false, settings = {} as Record<string, string> } = {},
): Promise<Postgres> {
  const dir = mkdtempSync(join(tmpdir(), 'logcenter-pg-'));
  const user = asPostgresUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (cmd: string, args: string[]) =>
    execFileSync(join(pgBin, cmd), args, {
      stdio: 'pipe',
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      cwd: dir,
    });
  const port = await freePort();
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  // Durability settings off for tests: a test cluster is thrown away, and this makes it fast.
  const fast = durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const more = Object.entries(settings)
    .map(([k, v]) => ` -c ${k}=${v}`)
    .join('');
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=256MB${fast}${more}`;
  const start = () =>
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', 'start']);
  const halt = () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  start();
  return {
    port,
    url: (db) => `postgresql://postgres@127.0.0.1:${port}/${db}`,
    stop() {
      try {
        halt();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    halt,
    resume: start,
  };
}

async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', () => resolve(false));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.write('PING\r\n');
  });
}

export type Redis = {
  url: string;
  stop(): void;
  /** Kills the server (its data goes: it keeps none)… */
  halt(): void;
  /** …and starts a new one on the same port. */
  resume(): Promise<void>;
};

export async function startRedis(redisServer: string): Promise<Redis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'logcenter-redis-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      redisServer,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      {
        stdio: 'ignore',
      },
    );
    for (let i = 0; i < 100 && !(await ping(port)); i++) await new Promise((r) => setTimeout(r, 50));
    if (!(await ping(port))) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer on port ${port}`);
    }
  };
  const halt = () => void child?.kill('SIGKILL');
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop() {
      halt();
      rmSync(dir, { recursive: true, force: true });
    },
    halt,
    resume: start,
  };
}
