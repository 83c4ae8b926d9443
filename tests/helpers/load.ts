// Steady report traffic for fault tests: every report carries a unique `seq` in its context,
// so that what the server acknowledged can be compared with what the database holds.
import pg from 'pg';
import { runtimeReport } from './fixtures.ts';
import { openPGliteFiles } from '../../server/src/db/pglite.ts';

export type LoadResult = {
  /** seq of every report answered 200. */
  acknowledged: Set<string>;
  /** How many answers of each status; `network` for a connection that failed. */
  statuses: Record<string, number>;
  /** 503 answers that carried a Retry-After header. */
  retryAfter: number;
  /** 200 answers received after `mark()` was called. */
  okAfterMark: number;
};

export type Load = { stop(): Promise<LoadResult>; mark(): void; result: LoadResult };

/** `workers` loops, each sending one report after another to `url` for `project`. */
export function startLoad(url: string, project: string, workers = 8): Load {
  const result: LoadResult = { acknowledged: new Set(), statuses: {}, retryAfter: 0, okAfterMark: 0 };
  let running = true;
  let marked = false;
  let n = 0;
  const count = (status: string) => (result.statuses[status] = (result.statuses[status] ?? 0) + 1);
  const worker = async (w: number) => {
    while (running) {
      const seq = `${w}-${n++}`;
      const body = runtimeReport({ project_id: project, context: { seq } }, { line_number: n % 20 });
      try {
        const res = await fetch(`${url}/api/v1/logs/report`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        await res.arrayBuffer();
        count(String(res.status));
        if (res.status === 200) {
          result.acknowledged.add(seq);
          if (marked) result.okAfterMark++;
        }
        if (res.status === 503) {
          if (res.headers.get('retry-after')) result.retryAfter++;
          await new Promise((r) => setTimeout(r, 20));
        }
      } catch {
        count('network');
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const all = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return {
    result,
    mark: () => (marked = true),
    async stop() {
      running = false;
      await all;
      return result;
    },
  };
}

/** The seq of every occurrence stored for `project`. */
const STORED_SEQS = `SELECT o.context->>'seq' AS seq FROM occurrences o JOIN issues i ON i.id = o.issue_id WHERE i.project_id = $1`;

/** The `seq` of every stored report of `project`, in PostgreSQL or (with `dataDir`) in an embedded database that no server has open. */
export async function storedSeqs(databaseUrl: string | { dataDir: string }, project: string): Promise<Set<string>> {
  if (typeof databaseUrl !== 'string') {
    const db = await openPGliteFiles(databaseUrl.dataDir);
    try {
      return new Set((await db.query<{ seq: string }>(STORED_SEQS, [project])).rows.map((r) => r.seq));
    } finally {
      await db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ seq: string }>(STORED_SEQS, [project]);
    return new Set(rows.map((r) => r.seq));
  } finally {
    await client.end();
  }
}

export const missing = (acknowledged: Set<string>, stored: Set<string>) =>
  [...acknowledged].filter((s) => !stored.has(s));

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
