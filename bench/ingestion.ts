// Ingestion: reports/s through POST /api/v1/logs/report against PostgreSQL with its durable
// defaults, next to a minimal Node HTTP server (the ceiling) driven the same way.
import { fork } from 'node:child_process';
import pg from 'pg';
import {
  createDatabase,
  freePort,
  load,
  measureCpu,
  saveResult,
  seconds,
  startLogCenter,
  table,
  watchMemory,
  type Infra,
  type Load,
  type Proc,
} from './lib.ts';
import { reportBody } from './reports.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);

export async function ceiling(size: number, duration: number): Promise<Load> {
  const port = await freePort();
  const child = fork(new URL('./ceiling-server.js', import.meta.url).pathname, [], { env: { PORT: String(port) } });
  await new Promise((resolve) => child.once('message', resolve));
  try {
    return await load(`http://127.0.0.1:${port}/api/v1/logs/report`, reportBody(size), {
      seconds: duration,
      connections: CONNECTIONS,
    });
  } finally {
    child.kill();
  }
}

async function committed(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM occurrences');
  await client.end();
  return Number(rows[0]!.n);
}

/** Drives a running server with reports of `size` bytes; load, CPU split and memory. */
export async function driveIngestion(server: Proc, size: number, duration: number) {
  const memory = watchMemory(server.child.pid!);
  const { result, cpu } = await measureCpu(server.child.pid!, () =>
    load(`${server.url}/api/v1/logs/report`, reportBody(size), { seconds: duration, connections: CONNECTIONS }),
  );
  const rss = memory();
  return { ...result, cpu, rssPeakMiB: rss.peak, rssMedianMiB: rss.median };
}

async function logCenter(infra: Infra, size: number, duration: number, env: Record<string, string>) {
  const url = await createDatabase(infra.postgres, `bench_ingest_${size}`);
  const server = await startLogCenter({ DATABASE_URL: url, REDIS_URL: infra.redis.url, ...env });
  try {
    return { ...(await driveIngestion(server, size, duration)), committed: await committed(url) };
  } finally {
    await server.stop();
  }
}

export async function ingestion(infra: Infra, env: Record<string, string> = {}) {
  const duration = seconds(60);
  const rows = [];
  for (const size of [2048, 51200]) {
    const base = await ceiling(size, Math.min(duration, 20));
    const ours = await logCenter(infra, size, duration, env);
    rows.push({
      report: `${size / 1024} KB`,
      'reports/s': ours.requestsPerSecond,
      'ceiling/s': base.requestsPerSecond,
      ratio: (ours.requestsPerSecond / base.requestsPerSecond).toFixed(2),
      'p50 ms': ours.p50,
      'p99 ms': ours.p99,
      acknowledged: ours.ok,
      committed: ours.committed,
      'errors+non2xx': ours.errors + ours.non2xx,
      'RSS median/peak MiB': `${ours.rssMedianMiB}/${ours.rssPeakMiB}`,
      'CPU server/pg/load': `${ours.cpu.server}/${ours.cpu.postgres}/${ours.cpu['load generator']}`,
    });
  }
  table(rows);
  const lost = rows.filter((r) => r.committed < r.acknowledged);
  if (lost.length) console.error('!! acknowledged reports missing from the database');
  return saveResult('ingestion', { connections: CONNECTIONS, seconds: duration, env, rows });
}
