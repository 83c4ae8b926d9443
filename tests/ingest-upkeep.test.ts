// The ingester's housekeeping against a real PostgreSQL: it vacuums the issues table that
// ingestion churns, and reads the error codes that decide whether a batch is retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database } from '../server/src/db/client.ts';
import { createIssueVacuum } from '../server/src/ingest/issue-vacuum.ts';
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

async function vacuums(): Promise<number> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT vacuum_count::int AS n FROM pg_stat_user_tables WHERE relname = 'issues'`);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe('issue vacuum', () => {
  it('vacuums the issues table once enough issue rows were updated, one vacuum at a time', async () => {
    const vacuum = createIssueVacuum(db.sql, createLogger('silent'), 100);
    const before = await vacuums();
    vacuum.updated(60);
    await vacuum.settled();
    expect(await vacuums()).toBe(before);
    vacuum.updated(60);
    vacuum.updated(500);
    await vacuum.settled();
    expect(await vacuums()).toBe(before + 1);
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
