// Shared pieces of the benchmarks: servers, processes, load, measurements and the report.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem, hostname } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { requireBinaries } from '../tests/setup/binaries.ts';
import { freePort, startPostgres, startRedis, type Postgres, type Redis } from '../tests/setup/servers.ts';

export { freePort };

const bin = new URL('../bin/logcenter.js', import.meta.url).pathname;

export type Infra = { postgres: Postgres; redis: Redis; stop(): void };

/** The admin API token every bench server is started with (ADMIN_TOKEN), for its GraphQL clients. */
export const BENCH_TOKEN = `lct_${'benchadmintoken'.repeat(3)}`;

/**
 * PostgreSQL with its durable defaults (every acknowledged report is fsynced) and Redis.
 * Two settings differ, both about write-ahead log files, so that a fresh cluster behaves
 * like one that has been running:
 * - max_wal_size=4GB, as docker-compose.yml sets it: with the default 1GB, sustained
 *   ingestion checkpoints every few seconds ("checkpoints are occurring too frequently").
 * - wal_init_zero=off: at ~16 MB of WAL a second a new 16 MB segment is needed every
 *   second. A running server recycles the segments that checkpoints free; a fresh one has
 *   none and zero-fills each new file, which held every commit up for ~60 ms once a second
 *   (p99 64 ms against 32 ms). Writes are still fsynced either way.
 */
export async function startInfra(settings: Record<string, string> = {}): Promise<Infra> {
  const { pgBin, redisServer } = requireBinaries();
  const pgSettings = { max_wal_size: '4GB', wal_init_zero: 'off', ...settings };
  const [postgres, redis] = await Promise.all([
    startPostgres(pgBin, { durable: true, settings: pgSettings }),
    startRedis(redisServer),
  ]);
  return {
    postgres,
    redis,
    stop() {
      redis.stop();
      postgres.stop();
    },
  };
}

export async function createDatabase(postgres: Postgres, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: postgres.url('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return postgres.url(name);
}

export type Proc = {
  child: ChildProcess;
  url: string;
  port: number;
  /** The largest RSS of the server and its child processes together while it started (sampled every 100 ms). */
  startPeakMiB: number;
  output: () => string;
  stop(): Promise<void>;
};

/** `logcenter start` in its own process, ready to answer. BENCH_PROFILE=dir writes CPU profiles there. */
export async function startLogCenter(env: Record<string, string>): Promise<Proc> {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const port = await freePort();
  const webPort = await freePort();
  const { DATABASE_URL: _d, REDIS_URL: _r, ...inherited } = process.env;
  const child = spawn(process.execPath, [...profile, bin, 'start'], {
    env: {
      ...inherited,
      PORT: String(port),
      WEB_PORT: String(webPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ADMIN_TOKEN: BENCH_TOKEN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  // The server and the processes it starts (migrations, the embedded database's template).
  let startPeakMiB = 0;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`Log Center exited:\n${output}`);
    startPeakMiB = Math.max(startPeakMiB, rssMiB(child.pid!));
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    port,
    startPeakMiB: Math.round(startPeakMiB),
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Resident memory of a process and its children (cluster workers), in MiB. */
export function rssMiB(pid: number): number {
  const read = (p: number) => {
    try {
      return Number(readFileSync(`/proc/${p}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
    } catch {
      return 0;
    }
  };
  return read(pid) + childPids(pid).reduce((sum, c) => sum + read(c), 0);
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const TICKS_PER_SECOND = 100;

function cpuTicks(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function pidsNamed(name: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    });
}

/** CPU used by the server, PostgreSQL and this process (the load generator) while `run` runs, in cores. */
export async function measureCpu<T>(
  serverPid: number,
  run: () => Promise<T>,
): Promise<{ result: T; cpu: Record<string, number> }> {
  const groups = () => ({
    server: [serverPid, ...childPids(serverPid)],
    postgres: pidsNamed('postgres'),
    'load generator': [process.pid],
  });
  const sample = () =>
    Object.fromEntries(Object.entries(groups()).map(([k, pids]) => [k, pids.reduce((s, p) => s + cpuTicks(p), 0)]));
  const before = sample();
  const started = Date.now();
  const result = await run();
  const after = sample();
  const seconds = (Date.now() - started) / 1000;
  const cpu = Object.fromEntries(
    Object.keys(after).map((k) => [
      k,
      Number(((after[k]! - (before[k] ?? 0)) / TICKS_PER_SECOND / seconds).toFixed(2)),
    ]),
  );
  return { result, cpu };
}

/** Samples a process's memory every 500 ms; `stop` returns the peak and the median, in MiB. */
export function watchMemory(pid: number) {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(rssMiB(pid)), 500);
  return () => {
    clearInterval(timer);
    samples.push(rssMiB(pid));
    samples.sort((a, b) => a - b);
    return { peak: Math.round(samples.at(-1)!), median: Math.round(samples[Math.floor(samples.length / 2)]!) };
  };
}

export type Load = {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
  non2xx: number;
  seconds: number;
};

/** Drives `url` with POST bodies from `body()` for `seconds`. */
export async function load(
  url: string,
  body: () => string,
  { seconds, connections }: { seconds: number; connections: number },
): Promise<Load> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    seconds,
  };
}

export function machine() {
  return {
    host: hostname(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '?',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

export function saveResult(name: string, result: unknown) {
  const dir = new URL('./results/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}${name}.json`;
  writeFileSync(
    path,
    `${JSON.stringify({ name, at: new Date().toISOString(), machine: machine(), ...(result as object) }, null, 2)}\n`,
  );
  return path;
}

export function table(rows: Record<string, string | number>[]) {
  const keys = Object.keys(rows[0] ?? {});
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join('  ');
  console.log(line(keys));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(keys.map((k) => String(r[k]))));
}

export const seconds = (fallback: number) => Number(process.env.BENCH_SECONDS ?? fallback);

/** Asks a forked child a question and waits for the message that carries `key`. */
export function askChild<T>(child: ChildProcess, question: string, key: string): Promise<T> {
  return new Promise<T>((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (!(key in m)) return;
      child.off('message', on);
      resolve(m[key] as T);
    };
    child.on('message', on);
    child.send(question);
  });
}
