// The ingester's housekeeping against a real PostgreSQL: it vacuums and analyses the issues
// table that ingestion churns, and reads the error codes that decide whether a batch is retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database } from '../server/src/db/client.ts';
import { createIssueUpkeep } from '../server/src/ingest/issue-upkeep.ts';
import { isRetryable, sqlState } from '../server/src/db/errors.ts';
import { createLogger } from '../server/src/log.ts';
import { createDatabase, type TestDatabase } from './helpers/database.ts';

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createDatabase();
  db = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
});

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

async function sql<T>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

const upkeepCounts = async () =>
  (
    await sql<{ vacuums: number; analyses: number }>(
      `SELECT vacuum_count::int AS vacuums, analyze_count::int AS analyses FROM pg_stat_user_tables WHERE relname = 'issues'`,
    )
  )[0]!;

/** Adds `n` issues to the table, as a batch of new ones would. */
async function addIssues(n: number) {
  await sql(`INSERT INTO projects (id, name, updated_at) VALUES ('upkeep', 'upkeep', now()) ON CONFLICT DO NOTHING`);
  await sql(`INSERT INTO issues (fingerprint, project_id, source, level, error_type, message, first_seen, last_seen)
             SELECT gen_random_uuid()::text, 'upkeep', 'runtime', 'ERROR', 'E', 'm', now(), now() FROM generate_series(1, ${n})`);
}

const silent = createLogger('silent');

type Upkeep = ReturnType<typeof createIssueUpkeep>;

/** Counts a stored batch, and waits for whatever upkeep it started. */
async function store(upkeep: Upkeep, updated: number, created: number) {
  upkeep.stored({ updated, created });
  await upkeep.settled();
}

describe('issue upkeep', () => {
  it('vacuums the issues table once enough issue rows were updated, one vacuum at a time', async () => {
    const upkeep = createIssueUpkeep(db.sql, silent, { updatesPerVacuum: 100, analyzeBase: 1000, analyzeScale: 0.1 });
    const before = await upkeepCounts();
    await store(upkeep, 60, 0);
    expect(await upkeepCounts()).toEqual(before);
    upkeep.stored({ updated: 60, created: 0 });
    await store(upkeep, 500, 0);
    expect(await upkeepCounts()).toEqual({ vacuums: before.vacuums + 1, analyses: before.analyses });
  });

  // The ingest routine's plans are made for the table as it was; a grown table needs new ones.
  it('analyses the table when new issues reach 50 plus a tenth of what it held at the last analysis', async () => {
    const upkeep = createIssueUpkeep(db.sql, silent, { updatesPerVacuum: 1e9, analyzeBase: 50, analyzeScale: 0.1 });
    const before = await upkeepCounts();
    await store(upkeep, 0, 49);
    expect(await upkeepCounts()).toEqual(before);

    await addIssues(1000);
    await store(upkeep, 0, 1);
    const analysed = await upkeepCounts();
    expect(analysed).toEqual({ vacuums: before.vacuums + 1, analyses: before.analyses + 1 });

    // The table now holds 1,000 issues or more: the next analysis waits for 150 new ones.
    await store(upkeep, 0, 140);
    expect(await upkeepCounts()).toEqual(analysed);
    await store(upkeep, 0, 10);
    expect((await upkeepCounts()).analyses).toBe(analysed.analyses + 1);
  });
});

describe('error codes', () => {
  it('reads the SQLSTATE of a failed statement, and retries only conflicts', async () => {
    const err = await db.sql.query('division', 'SELECT 1 / 0', []).catch((e: unknown) => e);
    expect(sqlState(err)).toBe('22012');
    expect(isRetryable(err)).toBe(false);
    expect(isRetryable(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe(true);
    expect(sqlState(new Error('not from the database'))).toBeUndefined();
  });
});
