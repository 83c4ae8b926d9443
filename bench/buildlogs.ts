// Build logs: how fast CI jobs can write them, how soon a live tail sees a batch, how fast a
// page of a million-line log comes back wherever it lies, and how fast that log downloads
// (and whether the server's memory stays flat while it does).
//
// 1. Writes: 20 builds at once, each sending batches of 500 lines of ~120 bytes, one batch in
//    flight per build (as `logcenter ci-log` sends), over REST.
// 2. Live tail: 100 subscribers (the dashboard's BuildLogTail over graphql-transport-ws, in a
//    child process) on one build while it is written; per batch, from its acknowledgement to
//    the last subscriber receiving it.
// 3. Paging: 1,000,000 lines in one build; GET …/logs?start=X&num=500 at random X (and the
//    tail page), one request at a time.
// 4. Download: that log as text, streamed; the server's RSS sampled throughout.
import { fork } from 'node:child_process';
import http from 'node:http';
import {
  askChild,
  BENCH_TOKEN,
  createDatabase,
  rssMiB,
  saveResult,
  startLogCenter,
  measureCpu,
  table,
  type Infra,
  type Proc,
} from './lib.ts';

const BUILDS = Number(process.env.BENCH_BUILDS ?? 20);
const BATCH = 500;
const LINES_PER_BUILD = Number(process.env.BENCH_BUILD_LINES ?? 50_000);
const BIG = Number(process.env.BENCH_BIG_LOG ?? 1_000_000);
const TAIL_SUBSCRIBERS = Number(process.env.BENCH_TAIL_SUBSCRIBERS ?? 100);
const TAIL_BATCHES = Number(process.env.BENCH_TAIL_BATCHES ?? 200);
const TAIL_RATE = Number(process.env.BENCH_TAIL_RATE ?? 20);
const PAGES = Number(process.env.BENCH_RUNS ?? 200);
const PROJECT = 'bench_builds';
// Which parts to run (all by default): writes, tail, pages (with its 1M-line write), download.
const PARTS = new Set((process.env.BENCH_BUILDLOG_PARTS ?? 'writes,tail,pages,download').split(','));
// BENCH_LINE_TIMES=1: each line carries its own time and type, as the seed's agents send
// them; by default a batch's lines take the time of receipt and type LOG.
const LINE_TIMES = process.env.BENCH_LINE_TIMES === '1';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const path = (pipeline: string, build: string) =>
  `/api/v1/builds/${PROJECT}/${encodeURIComponent(pipeline)}/${encodeURIComponent(build)}`;

/** A line as a build prints it, about 120 bytes. */
const line = (n: number) => ({
  ...(LINE_TIMES ? { timestamp: 1_767_000_000_000 + n, logType: n % 10 === 0 ? 'WARN' : 'LOG' } : {}),
  message:
    `\u001b[36m[compile]\u001b[0m src/modules/feature-${n % 97}/component-${n}.ts → dist/chunk-${(n * 7919) % 100000}.js (${n % 1000} kB)`.padEnd(
      120,
      '.',
    ),
});
const batchOf = (from: number, size: number) => ({
  tag: 'build',
  lines: Array.from({ length: size }, (_, i) => line(from + i)),
});

// node:http with kept-alive sockets: fetch cost the writers a third of a core here, which the
// server being measured then went without, and a page reader ~1 ms a request at p50, 8 at p95.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** A JSON request over the kept-alive sockets; anything but 200 fails it. */
function requestJson<T>(url: string, method: 'GET' | 'POST', body?: unknown, headers: Record<string, string> = {}) {
  const data = body === undefined ? '' : Buffer.isBuffer(body) ? body : JSON.stringify(body);
  return new Promise<T>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...headers,
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
        },
      },
      (res) => {
        const pieces: Buffer[] = [];
        res.on('data', (piece: Buffer) => pieces.push(piece));
        res.on('end', () => {
          const text = Buffer.concat(pieces).toString();
          if (res.statusCode === 200) resolve(JSON.parse(text) as T);
          else reject(new Error(`${method} ${url} failed: ${res.statusCode} ${text}`));
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const append = (api: string, p: string, body: unknown) =>
  requestJson<{ lastLineNo: number }>(`${api}${p}/logs`, 'POST', body);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function writes(server: Proc) {
  const batches = Math.ceil(LINES_PER_BUILD / BATCH);
  const latencies: number[] = [];
  // Made ahead (and reused): the writers stand for CI jobs on other machines, so building
  // their JSON (nor its UTF-8) must not take this machine's CPU from the server being measured.
  const bodies = Array.from({ length: 50 }, (_, i) => Buffer.from(JSON.stringify(batchOf(i * BATCH + 1, BATCH))));
  const started = now();
  const { cpu } = await measureCpu(server.child.pid!, () =>
    Promise.all(
      Array.from({ length: BUILDS }, async (_, b) => {
        for (let i = 0; i < batches; i++) {
          const t = now();
          await append(server.url, path('Throughput', String(b + 1)), bodies[i % bodies.length]);
          latencies.push(now() - t);
        }
      }),
    ),
  );
  const elapsed = (now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const lines = BUILDS * batches * BATCH;
  return {
    test: `write: ${BUILDS} builds × ${batches} batches of ${BATCH}${LINE_TIMES ? ', a time per line' : ''}`,
    figure: `${Math.round(lines / elapsed).toLocaleString('en')} lines/s`,
    detail: `${lines.toLocaleString('en')} lines in ${elapsed.toFixed(1)} s; batch p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms; ${(((lines * 120) / elapsed) * 1e-6).toFixed(1)} MB/s of text; CPU (cores) server ${cpu.server}, PostgreSQL ${cpu.postgres}, writers ${cpu['load generator']}`,
  };
}

async function liveTail(server: Proc) {
  const pipeline = 'Live';
  const build = '1';
  await append(server.url, path(pipeline, build), { tag: 'build', message: 'started' });
  const child = fork(
    new URL('./tail-subscribers.ts', import.meta.url).pathname,
    [
      JSON.stringify({
        url: `${server.url.replace('http', 'ws')}/graphql`,
        count: TAIL_SUBSCRIBERS,
        projectId: PROJECT,
        pipeline,
        build,
      }),
    ],
    { execArgv: ['--import', 'tsx'] },
  );
  const ask = <T>(question: string, key: string) => askChild<T>(child, question, key);
  child.on('message', (m: Record<string, unknown>) => m.error && console.error(`subscriber error: ${m.error}`));
  try {
    for (let i = 0; (await ask<number>('subscribed?', 'subscribed')) < TAIL_SUBSCRIBERS; i++) {
      if (i === 600) throw new Error('the tail subscribers did not all subscribe');
      await sleep(100);
    }
    // TAIL_RATE batches a second (20: 10,000 lines a second) into one build, while it is watched.
    const acks = new Map<number, number>();
    let next = 2;
    for (let i = 0; i < TAIL_BATCHES; i++) {
      const t = now();
      const { lastLineNo } = await append(server.url, path(pipeline, build), batchOf(next, BATCH));
      acks.set(lastLineNo, now());
      next = lastLineNo + 1;
      await sleep(Math.max(0, 1000 / TAIL_RATE - (now() - t)));
    }
    await sleep(2000);
    const received = new Map(await ask<[number, { n: number; first: number; last: number }][]>('results', 'results'));
    const late = (pick: (r: { first: number; last: number }) => number) =>
      [...acks]
        .map(([lineNo, ackedAt]) => {
          const r = received.get(lineNo);
          return r && r.n === TAIL_SUBSCRIBERS ? Math.max(0, pick(r) - ackedAt) : Infinity;
        })
        .sort((a, b) => a - b);
    const latencies = late((r) => r.last);
    const firsts = late((r) => r.first);
    const complete = latencies.filter(Number.isFinite).length;
    return {
      test: `live tail: ${TAIL_SUBSCRIBERS} subscribers, ${TAIL_BATCHES} batches of ${BATCH} (${TAIL_RATE}/s)`,
      figure: `p99 ${quantile(latencies, 0.99).toFixed(1)} ms`,
      detail: `to the last subscriber: p50 ${quantile(latencies, 0.5).toFixed(1)} ms, max ${quantile(latencies, 1).toFixed(1)} ms; to the first: p50 ${quantile(firsts, 0.5).toFixed(1)} ms; ${complete} of ${acks.size} batches reached all`,
    };
  } finally {
    child.kill();
  }
}

async function writeBig(server: Proc) {
  const p = path('Big', '1');
  const started = now();
  // 5,000 lines of ~130 bytes stay under the 1 MiB a request may carry.
  for (let from = 1; from <= BIG; from += 5_000)
    await append(server.url, p, batchOf(from, Math.min(5_000, BIG - from + 1)));
  return (now() - started) / 1000;
}

async function paging(server: Proc) {
  const p = path('Big', '1');
  const timings = async (query: () => string) => {
    const ms: number[] = [];
    for (let i = 0; i < PAGES; i++) {
      const t = now();
      const body = await requestJson<{ lines: unknown[] }>(`${server.url}${p}/logs?${query()}`, 'GET', undefined, {
        authorization: `Bearer ${BENCH_TOKEN}`,
      });
      if (body.lines.length !== BATCH) throw new Error(`page has ${body.lines.length} lines`);
      ms.push(now() - t);
    }
    return ms.sort((a, b) => a - b);
  };
  const random = await timings(() => `start=${1 + Math.floor(Math.random() * (BIG - BATCH))}&num=${BATCH}`);
  const tail = await timings(() => `num=${BATCH}&fromStart=false`);
  return [
    {
      test: `page of ${BATCH} at random in ${BIG.toLocaleString('en')} lines`,
      figure: `p95 ${quantile(random, 0.95).toFixed(1)} ms`,
      detail: `p50 ${quantile(random, 0.5).toFixed(1)} ms, max ${quantile(random, 1).toFixed(1)} ms, ${PAGES} requests`,
    },
    {
      test: `last ${BATCH} lines (the tail page)`,
      figure: `p95 ${quantile(tail, 0.95).toFixed(1)} ms`,
      detail: `p50 ${quantile(tail, 0.5).toFixed(1)} ms`,
    },
  ];
}

async function download(server: Proc) {
  const before = rssMiB(server.child.pid!);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(server.child.pid!))), 100);
  const started = now();
  let bytes = 0;
  try {
    const res = await fetch(`${server.url}${path('Big', '1')}/logs/download?ansi=strip`, {
      headers: { authorization: `Bearer ${BENCH_TOKEN}` },
    });
    if (!res.ok || !res.body) throw new Error(`download failed: ${res.status}`);
    const reader = res.body.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
  } finally {
    clearInterval(sampler);
  }
  const elapsed = (now() - started) / 1000;
  return {
    test: `download ${BIG.toLocaleString('en')} lines (ANSI stripped)`,
    figure: `${((bytes / elapsed) * 1e-6).toFixed(0)} MB/s`,
    detail: `${(bytes * 1e-6).toFixed(0)} MB in ${elapsed.toFixed(1)} s; server RSS ${Math.round(before)} MiB before, peak ${Math.round(peak)} MiB`,
  };
}

export async function buildlogs(infra: Infra) {
  const server = await startLogCenter({ DATABASE_URL: await createDatabase(infra.postgres, 'bench_buildlogs') });
  try {
    const rows = [];
    if (PARTS.has('writes')) rows.push(await writes(server));
    if (PARTS.has('tail')) rows.push(await liveTail(server));
    if (PARTS.has('pages') || PARTS.has('download')) {
      const wrote = await writeBig(server);
      console.log(`(wrote ${BIG.toLocaleString('en')} lines in batches of 5,000 in ${wrote.toFixed(1)} s)`);
    }
    if (PARTS.has('pages')) rows.push(...(await paging(server)));
    if (PARTS.has('download')) rows.push(await download(server));
    table(rows);
    return saveResult('buildlogs', { rows });
  } finally {
    await server.stop();
  }
}
