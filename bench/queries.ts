// Queries: the dashboard's own GraphQL operations against 100,000 issues and 2,000,000
// occurrences, one request at a time (latency, not throughput), p50/p95 of each.
import { print } from 'graphql';
import pg from 'pg';
import { IssuesPage, Overview } from '../web/src/lib/operations.ts';
import { IssueDetail } from '../web/src/routes/issues/[id]/operations.ts';
import { BENCH_TOKEN, createDatabase, saveResult, startLogCenter, table, type Infra } from './lib.ts';

const ISSUES = Number(process.env.BENCH_ISSUES ?? 100_000);
const OCCURRENCES = Number(process.env.BENCH_OCCURRENCES ?? 2_000_000);
const PROJECTS = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const DAY = 86_400_000;

/**
 * Issues spread over 20 projects, 3 sources and every status, first seen over the last 90
 * days; occurrences skewed towards a few hot issues (as error storms are), each at or after
 * its issue's first sighting, stored in time order as ingestion stores them; regressions for
 * one issue in twenty.
 */
export async function seed(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const run = (sql: string, values: unknown[] = []) => client.query(sql, values);
  await run(`INSERT INTO projects (id, name) SELECT 'bench_' || n, 'Bench ' || n FROM generate_series(0, $1 - 1) n`, [
    PROJECTS,
  ]);
  await run(
    `INSERT INTO issues (fingerprint, project_id, source, level, error_type, message, file_path, line_number, status,
                         first_seen, last_seen, environments)
     SELECT md5(n::text), 'bench_' || (n % $2),
            (ARRAY['runtime','cicd','deployment'])[1 + n % 3]::"Source",
            (ARRAY['ERROR','WARNING','CRITICAL'])[1 + n % 3]::"Level",
            'BenchError' || (n % 500), 'something failed in module ' || n, 'src/module_' || (n % 900) || '.py', n % 400,
            (ARRAY['NEW','NEW','NEW','VERIFYING','PENDING_FIX','FIXING','FIXED','VERIFIED','DEPLOYED','CANNOT_REPRODUCE'])[1 + n % 10]::"IssueStatus",
            now() - random() * interval '90 days', now(), ARRAY['production']
     FROM generate_series(1, $1) n`,
    [ISSUES, PROJECTS],
  );
  // Occurrence i belongs to issue ⌈ISSUES·u³⌉: a few issues get most of them.
  await run(
    `INSERT INTO occurrences (issue_id, project_id, "timestamp", received_at, source, level, environment, message,
                              file_path, line_number, version, stack_trace, context)
     SELECT i.id, i.project_id, t.at, t.at, i.source, i.level, 'production', i.message, i.file_path, i.line_number, '1.0.' || (o.n % 50),
            ARRAY['Traceback (most recent call last):', '  File "' || i.file_path || '", line ' || i.line_number, i.error_type || ': ' || i.message],
            jsonb_build_object('request_id', o.n)
     FROM generate_series(1::bigint, $1) o(n)
     JOIN issues i ON i.id = 1 + floor($2 * power(((o.n * 7919) % $1)::float8 / $1, 3))::int
     CROSS JOIN LATERAL (SELECT i.first_seen + (now() - i.first_seen) * ((o.n * 104729) % 1000) / 1000.0 AS at) t
     ORDER BY t.at`,
    [OCCURRENCES, ISSUES],
  );
  // What ingestion keeps as it stores occurrences (the migration that added it backfills the same way).
  await run(
    `INSERT INTO occurrence_rollups (hour, project_id, source, count)
     SELECT date_trunc('hour', "timestamp", 'UTC'), project_id, source, count(*) FROM occurrences GROUP BY 1, 2, 3`,
  );
  await run(
    `UPDATE issues i SET occurrence_count = c.n, last_seen = c.last
     FROM (SELECT issue_id, count(*)::int AS n, max("timestamp") AS last FROM occurrences GROUP BY issue_id) c
     WHERE c.issue_id = i.id`,
  );
  await run(
    `INSERT INTO status_transitions (issue_id, from_status, to_status, actor, details, created_at)
     SELECT id, 'FIXED', 'NEW', 'system', '{"reason":"regression"}', first_seen + (last_seen - first_seen) / 2
     FROM issues WHERE id % 20 = 0`,
  );
  await run('VACUUM ANALYZE');
  await client.end();
}

type Timed = { p50: number; p95: number; max: number };

async function timeQuery(api: string, query: string, variables: () => Record<string, unknown>): Promise<Timed> {
  const call = async () => {
    const started = performance.now();
    const res = await fetch(`${api}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` },
      body: JSON.stringify({ query, variables: variables() }),
    });
    const body = (await res.json()) as { errors?: unknown };
    if (!res.ok || body.errors) throw new Error(`query failed: ${JSON.stringify(body).slice(0, 500)}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 10; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await call());
  times.sort((a, b) => a - b);
  const at = (q: number) => Number(times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1));
  return { p50: at(0.5), p95: at(0.95), max: at(1) };
}

export async function queries(infra: Infra) {
  const url = await createDatabase(infra.postgres, 'bench_queries');
  // The server migrates the empty database; seeding happens once it is up.
  const server = await startLogCenter({ DATABASE_URL: url });
  try {
    const seeding = Date.now();
    await seed(url);
    console.log(
      `seeded ${ISSUES} issues and ${OCCURRENCES} occurrences in ${((Date.now() - seeding) / 1000).toFixed(0)} s`,
    );
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const hot = [1, 2, 3, 10, 100];
    const rows = [
      {
        query: 'issues page: project + status NEW, by last seen, first 50',
        ...(await timeQuery(server.url, print(IssuesPage), () => ({
          filter: { projectIds: [`bench_${Math.floor(Math.random() * PROJECTS)}`], statuses: ['NEW'] },
          orderBy: { field: 'LAST_SEEN', direction: 'DESC' },
          first: 50,
        }))),
        target: 30,
      },
      {
        query: 'issue detail + 30-day histogram (hot issues)',
        ...(await timeQuery(server.url, print(IssueDetail), () => ({ id: pick(hot), bucket: 'DAY' }))),
        target: 50,
      },
      {
        query: 'issue detail + 48-hour histogram (any issue)',
        ...(await timeQuery(server.url, print(IssueDetail), () => ({
          id: 1 + Math.floor(Math.random() * ISSUES),
          bucket: 'HOUR',
        }))),
        target: 50,
      },
      {
        query: 'overview: stats for 30 days, open count, top issues',
        ...(await timeQuery(server.url, print(Overview), () => ({
          from: new Date(Date.now() - 30 * DAY).toISOString(),
          bucket: 'DAY',
          since: new Date(Date.now() - DAY).toISOString(),
        }))),
        target: 100,
      },
    ].map((r) => ({ query: r.query, 'p50 ms': r.p50, 'p95 ms': r.p95, 'max ms': r.max, 'target p95 ms': r.target }));
    table(rows);
    return saveResult('queries', { issues: ISSUES, occurrences: OCCURRENCES, runs: RUNS, rows });
  } finally {
    await server.stop();
  }
}
