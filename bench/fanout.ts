// Fan-out: 1,000 graphql-ws subscribers (the dashboard's live subscription); for each new
// issue, the time from the report's acknowledgement to its event reaching the last of them.
// Once with one server (in-process pub/sub), once with two replicas sharing Redis, the
// subscribers split between them and the reports sent to the first.
import { fork, type ChildProcess } from 'node:child_process';
import { askChild, createDatabase, saveResult, seconds, startLogCenter, table, type Infra, type Proc } from './lib.ts';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const RATE = Number(process.env.BENCH_EVENTS_PER_SECOND ?? 20);
const PER_CHILD = 250;
const PROJECT = 'bench_fanout';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Child = { process: ChildProcess; ask<T>(question: string, key: string): Promise<T> };

function startSubscribers(wsUrl: string, count: number): Promise<Child> {
  const child = fork(
    new URL('./subscribers.ts', import.meta.url).pathname,
    [JSON.stringify({ url: wsUrl, count, projectId: PROJECT })],
    {
      execArgv: ['--import', 'tsx'],
    },
  );
  const ask = <T>(question: string, key: string) => askChild<T>(child, question, key);
  child.on('message', (m: Record<string, unknown>) => {
    if (m.error) console.error(`subscriber error: ${m.error}`);
  });
  return new Promise((resolve) => child.once('message', () => resolve({ process: child, ask })));
}

async function report(api: string, errorType: string): Promise<{ id: number; ackedAt: number }> {
  const res = await fetch(`${api}/api/v1/logs/report`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      project_id: PROJECT,
      environment: 'production',
      level: 'ERROR',
      error: {
        type: errorType,
        message: `${errorType} in the fan-out benchmark`,
        file_path: 'bench/fanout.ts',
        line_number: 1,
      },
    }),
  });
  const ackedAt = now();
  const body = (await res.json()) as { id: number };
  if (!res.ok) throw new Error(`report failed: ${res.status} ${JSON.stringify(body)}`);
  return { id: body.id, ackedAt };
}

/** Sends probes until every subscriber has received one: only then are all subscriptions live. */
async function waitUntilSubscribed(api: string, children: Child[], counts: number[]) {
  for (let i = 0; i < 600; i++) {
    await report(api, `Probe${Date.now()}_${i}`);
    await sleep(250);
    const probed = await Promise.all(children.map((c) => c.ask<number>('probed?', 'probed')));
    if (probed.every((n, k) => n === counts[k])) return;
  }
  throw new Error('subscribers did not all receive a probe event');
}

async function measure(label: string, servers: Proc[], duration: number) {
  const ws = servers.map((s) => s.url.replace('http', 'ws') + '/graphql');
  const counts = Array.from({ length: Math.ceil(SUBSCRIBERS / PER_CHILD) }, (_, i) =>
    Math.min(PER_CHILD, SUBSCRIBERS - i * PER_CHILD),
  );
  const children = await Promise.all(counts.map((n, i) => startSubscribers(ws[i % ws.length]!, n)));
  try {
    await waitUntilSubscribed(servers[0]!.url, children, counts);
    const acks = new Map<number, number>();
    const sends: Promise<void>[] = [];
    const total = Math.round(duration * RATE);
    const started = now();
    for (let i = 0; i < total; i++) {
      await sleep(Math.max(0, started + (i * 1000) / RATE - now()));
      sends.push(
        report(servers[0]!.url, `FanOut${started}_${i}`).then(({ id, ackedAt }) => void acks.set(id, ackedAt)),
      );
    }
    await Promise.all(sends);
    await sleep(2000);
    const all = await Promise.all(
      children.map((c) => c.ask<[number, { n: number; last: number }][]>('results', 'results')),
    );
    const reached = new Map<number, { n: number; last: number }>();
    for (const [id, r] of all.flat()) {
      const seen = reached.get(id) ?? { n: 0, last: 0 };
      reached.set(id, { n: seen.n + r.n, last: Math.max(seen.last, r.last) });
    }
    const latencies = [...acks].map(([id, ackedAt]) => {
      const r = reached.get(id);
      return r && r.n === SUBSCRIBERS ? Math.max(0, r.last - ackedAt) : Infinity;
    });
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    const complete = latencies.filter(Number.isFinite).length;
    return {
      setup: label,
      subscribers: SUBSCRIBERS,
      events: acks.size,
      'reached all': complete,
      'p50 ms': at(0.5).toFixed(1),
      'p99 ms': at(0.99).toFixed(1),
      'max ms': at(1).toFixed(1),
      'messages/s': Math.round((complete * SUBSCRIBERS) / duration),
    };
  } finally {
    for (const c of children) c.process.kill();
  }
}

export async function fanout(infra: Infra) {
  const duration = seconds(30);
  const rows = [];

  const single = await startLogCenter({ DATABASE_URL: await createDatabase(infra.postgres, 'bench_fanout_one') });
  try {
    rows.push(await measure('one server', [single], duration));
  } finally {
    await single.stop();
  }

  const shared = { DATABASE_URL: await createDatabase(infra.postgres, 'bench_fanout_two'), REDIS_URL: infra.redis.url };
  const a = await startLogCenter(shared);
  const b = await startLogCenter(shared);
  try {
    rows.push(await measure('two replicas, Redis', [a, b], duration));
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }

  table(rows);
  return saveResult('fanout', { eventsPerSecond: RATE, seconds: duration, rows });
}
