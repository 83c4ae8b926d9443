// The Prisma client on one of two driver adapters: PostgreSQL when DATABASE_URL is set,
// otherwise embedded PGlite with its data in DATA_DIR.
import type { Readable } from 'node:stream';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaClient } from '../generated/prisma/client.ts';
import type { Config } from '../config.ts';
import { applyRoutines, pendingMigrations, type MigrationRow } from './migrations.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { applyMigrationsInChild } from './child-process.ts';
import { startCheckpoints } from './pglite-checkpoints.ts';
import { createLogger } from '../log.ts';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { Logger } from '../log.ts';

/**
 * SQL straight to the driver, for the few hot statements where Prisma's raw-query layer
 * (which JSON-encodes every parameter on the way in) costs more than the query. With
 * PostgreSQL the statement is prepared once per connection under `name`.
 */
export type SqlClient = {
  query<T>(name: string, text: string, values: unknown[]): Promise<T[]>;
  /**
   * PostgreSQL only: what `COPY … TO STDOUT` writes, as the bytes it writes. COPY takes no
   * parameters, so `statement` is given a function that writes a value as an SQL literal.
   * The connection goes back to the pool when the stream ends, and is closed if it stops early.
   */
  copyOut?: (statement: (literal: (value: string | number | null) => string) => string) => Promise<Readable>;
};

export type Database = {
  kind: Config['database']['kind'];
  prisma: PrismaClient;
  sql: SqlClient;
  /** Calls `listener` with every SQL statement (only with the `logSql` option); returns an unsubscribe. */
  onSql(listener: (sql: string) => void): () => void;
  /** Applies pending migrations; safe when several servers start at once. */
  migrate(): Promise<string[]>;
  close(): Promise<void>;
};

const silent = createLogger('silent');

// Any constant works; it only has to be the same for every Log Center process.
const MIGRATION_LOCK_KEY = 0x4c6f6743; // "LogC"

export type DatabaseOptions = {
  /** Where background database upkeep (embedded checkpoints, lost connections) reports trouble. */
  logger?: Logger | undefined;
  /** Logs every SQL statement at debug level (and lets tests count them with `$on('query')`). */
  logSql?: Logger | undefined;
};

function createClient(adapter: SqlDriverAdapterFactory, { logSql }: DatabaseOptions) {
  const listeners = new Set<(sql: string) => void>();
  const onSql = (listener: (sql: string) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  if (!logSql) return { prisma: new PrismaClient({ adapter }), onSql };
  const prisma = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  prisma.$on('query', (e) => {
    logSql.debug({ event: 'sql', sql: e.query, ms: e.duration }, 'sql');
    for (const listener of listeners) listener(e.query);
  });
  return { prisma: prisma as PrismaClient, onSql };
}

/** Each kind loads only its own driver: the other one would be megabytes of heap for nothing. */
export async function openDatabase(config: Config['database'], options: DatabaseOptions = {}): Promise<Database> {
  return config.kind === 'postgres'
    ? openPostgres(config.url, config.poolSize, options)
    : openPGlite(config.dataDir, options);
}

async function openPostgres(url: string, poolSize: number, options: DatabaseOptions): Promise<Database> {
  const [{ default: pg }, { PrismaPg }, { to: copyTo }] = await Promise.all([
    import('pg'),
    import('@prisma/adapter-pg'),
    import('pg-copy-streams'),
  ]);
  // A connection that cannot be made in 5 s fails the request (503) rather than holding it.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle connection that the server drops (a restart, a failover) is only logged: without
  // this listener the pool's 'error' event would end the process. The pool makes new ones.
  pool.on('error', (err) =>
    options.logger?.warn({ err, event: 'db.connection_lost' }, 'a database connection was lost'),
  );
  const adapter = new PrismaPg(pool);
  const { prisma, onSql } = createClient(adapter, options);
  return {
    kind: 'postgres',
    prisma,
    sql: {
      query: async (name, text, values) => (await pool.query({ name, text, values })).rows,
      async copyOut(statement) {
        const client = await pool.connect();
        const literal = (value: string | number | null) =>
          value === null ? 'NULL' : client.escapeLiteral(String(value));
        const stream = client.query(copyTo(statement(literal)));
        let released = false;
        // A copy stopped half-way leaves its connection mid-protocol: closed, not reused.
        const release = (err?: Error) => {
          if (released) return;
          released = true;
          client.release(err);
        };
        stream.on('end', () => release());
        stream.on('error', (err) => release(err));
        stream.on('close', () => release(stream.readableEnded ? undefined : new Error('copy stopped early')));
        return stream;
      },
    },
    onSql,
    async migrate() {
      // Servers starting together queue on this lock. The schema engine runs in a child
      // process: its memory goes with it, and so does an advisory lock of its own that it
      // never releases (which, left in a shared pool, stalled the next server's migration).
      const lock = new pg.Client({ connectionString: url });
      await lock.connect();
      try {
        await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        const pending = await pendingMigrations(async (sql) => (await lock.query(sql)).rows);
        const applied = pending.length ? await applyMigrationsInChild({ DATABASE_URL: url }) : [];
        await applyRoutines((sql) => lock.query(sql));
        return applied;
      } finally {
        await lock.end();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * A new or older data directory is brought up to date before the server's client opens it:
 * by the schema engine in a child process, as with PostgreSQL, while this process holds the
 * DATA_DIR lock. Returns the open client and the migrations applied.
 */
async function openMigratedPGlite(dataDir: string, logger: Logger): Promise<{ client: PGlite; applied: string[] }> {
  const [{ openPGliteFiles }, { initDataDir }, { hotPGliteModule }] = await Promise.all([
    import('./pglite.ts'),
    import('./pglite-template.ts'),
    import('./pglite-wasm.ts'),
  ]);
  await initDataDir(dataDir, logger);
  const wasm = hotPGliteModule(logger);
  const client = await openPGliteFiles(dataDir, wasm);
  const pending = await pendingMigrations(async (sql) => (await client.query<MigrationRow>(sql)).rows);
  if (pending.length === 0) return { client, applied: [] };
  await client.close();
  const applied = await applyMigrationsInChild({ DATA_DIR: dataDir });
  return { client: await openPGliteFiles(dataDir, wasm), applied };
}

async function openPGlite(dataDir: string, options: DatabaseOptions): Promise<Database> {
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  const unlock = lockDataDir(dataDir);
  try {
    const { client, applied } = await openMigratedPGlite(dataDir, options.logger ?? silent);
    const adapter = new PrismaPGlite(client);
    const { prisma, onSql } = createClient(adapter, options);
    const stopCheckpoints = startCheckpoints(client, options.logger ?? silent);
    return {
      kind: 'pglite',
      prisma,
      sql: {
        query: async <T>(_name: string, text: string, values: unknown[]) => (await client.query<T>(text, values)).rows,
      },
      onSql,
      /** The migrations were applied when the database was opened; the routines are applied here. */
      async migrate() {
        await applyRoutines((sql) => client.exec(sql));
        return applied;
      },
      async close() {
        await stopCheckpoints();
        await prisma.$disconnect();
        await client.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}
