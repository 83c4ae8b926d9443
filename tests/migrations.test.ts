// The migrations and prisma/schema.prisma describe the same database, and applying them
// is safe when several servers start at once.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  applyMigrations,
  createMigration,
  diffSchemas,
  migrationsDir,
  pendingMigrations,
  schemaPath,
  snapshotPath,
} from '../server/src/db/migrations.ts';
import { openDatabase } from '../server/src/db/client.ts';
import { createDatabase } from './helpers/database.ts';

async function schemaDump(url: string): Promise<string> {
  const { stdout } = await promisify(execFile)(join(inject('pgBin'), 'pg_dump'), [
    '--schema-only',
    '--no-owner',
    '--no-privileges',
    '--exclude-table=_prisma_migrations',
    // Partitioned, so made by hand in its migration: Prisma's schema cannot describe it.
    '--exclude-table=build_log_lines*',
    url,
  ]);
  // Comments and pg_dump's per-run \restrict token differ between any two dumps; so does
  // column order, as ALTER TABLE appends columns where a fresh CREATE TABLE puts them in place.
  return stdout
    .replace(/^(--|\\restrict|\\unrestrict).*$/gm, '')
    .replace(/\n{2,}/g, '\n')
    .replace(
      /(CREATE TABLE [^(]+\(\n)([^;]*?)(\n\);)/g,
      (_, head: string, columns: string, tail: string) =>
        head +
        columns
          .split(',\n')
          .map((c) => c.trim())
          .sort()
          .join(',\n') +
        tail,
    );
}

async function exec(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  it('build the same schema as prisma/schema.prisma', async () => {
    const fromMigrations = await createDatabase({ empty: true });
    const fromSchema = await createDatabase({ empty: true });
    try {
      const pool = new pg.Pool({ connectionString: fromMigrations.url });
      expect((await applyMigrations(new PrismaPg(pool))).length).toBeGreaterThan(0);
      await pool.end();
      await exec(fromSchema.url, await diffSchemas(null, await readFile(schemaPath, 'utf8')));

      const [a, b] = await Promise.all([schemaDump(fromMigrations.url), schemaDump(fromSchema.url)]);
      expect(a).toContain('CREATE TABLE public.issues');
      expect(a).toBe(b);
    } finally {
      await fromMigrations.drop();
      await fromSchema.drop();
    }
  });

  it('have a snapshot of the schema they were made from (npm run db:migration keeps it)', async () => {
    const snapshot = await readFile(snapshotPath(migrationsDir), 'utf8');
    expect(snapshot).toBe(await readFile(schemaPath, 'utf8'));
  });

  it('are known to be all applied without loading the schema engine', async () => {
    const target = await createDatabase({ empty: true });
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    const query = async (sql: string) => (await client.query(sql)).rows;
    try {
      const all = (await readdir(migrationsDir, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
      expect(await pendingMigrations(query)).toEqual(all);
      const pool = new pg.Pool({ connectionString: target.url });
      await applyMigrations(new PrismaPg(pool));
      await pool.end();
      expect(await pendingMigrations(query)).toEqual([]);
      // A failed migration is not "applied": the engine must run and report it.
      await client.query(`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1`, [all.at(-1)]);
      expect(await pendingMigrations(query)).toEqual([all.at(-1)]);
    } finally {
      await client.end();
      await target.drop();
    }
  });

  it('stop the server from starting when one fails, saying why', async () => {
    const target = await createDatabase({ empty: true });
    await exec(target.url, 'CREATE TABLE projects (id int)');
    const db = await openDatabase({ kind: 'postgres', url: target.url, poolSize: 1 });
    try {
      await expect(db.migrate()).rejects.toThrow(/^applying migrations failed: P3005 The database schema is not empty/);
    } finally {
      await db.close();
      await target.drop();
    }
  });

  it('are applied once when several servers start at once', async () => {
    const target = await createDatabase({ empty: true });
    const databases = await Promise.all(
      Array.from({ length: 4 }, () => openDatabase({ kind: 'postgres', url: target.url, poolSize: 2 })),
    );
    try {
      const applied = await Promise.all(databases.map((db) => db.migrate()));
      expect(applied.filter((names) => names.length > 0)).toHaveLength(1);
      const rows = await databases[0]!.prisma.$queryRawUnsafe<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM _prisma_migrations GROUP BY migration_name HAVING count(*) > 1',
      );
      expect(rows).toEqual([]);
      expect(await databases[0]!.prisma.issue.count()).toBe(0);
    } finally {
      await Promise.all(databases.map((db) => db.close()));
      await target.drop();
    }
  });
});

describe('npm run db:migration', () => {
  it('writes a migration for a schema change, and nothing when there is none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'logcenter-migration-'));
    const paths = { schemaPath: join(dir, 'schema.prisma'), migrationsDir: join(dir, 'migrations') };
    const target = await createDatabase({ empty: true });
    try {
      await cp(schemaPath, paths.schemaPath);
      await cp(migrationsDir, paths.migrationsDir, { recursive: true });
      expect(await createMigration('nothing_changed', paths)).toBeNull();

      const schema = await readFile(paths.schemaPath, 'utf8');
      await writeFile(
        paths.schemaPath,
        schema.replace('  description       String?\n', '  description       String?\n  team              String?\n'),
      );
      const created = await createMigration('add_project_team', paths, new Date('2030-01-02T03:04:05Z'));
      expect(created).toBe(join(paths.migrationsDir, '20300102030405_add_project_team'));
      expect(await readFile(join(created!, 'migration.sql'), 'utf8')).toMatch(
        /ALTER TABLE "projects" ADD COLUMN\s+"team" TEXT/,
      );
      expect(await readFile(snapshotPath(paths.migrationsDir), 'utf8')).toBe(await readFile(paths.schemaPath, 'utf8'));
      expect(await createMigration('again', paths)).toBeNull();

      const pool = new pg.Pool({ connectionString: target.url });
      const applied = await applyMigrations(new PrismaPg(pool), paths);
      await pool.end();
      expect(applied).toEqual(
        (await readdir(paths.migrationsDir, { withFileTypes: true }))
          .filter((e) => e.isDirectory())
          .map((e) => e.name)
          .sort(),
      );
      expect(applied.at(-1)).toBe('20300102030405_add_project_team');
    } finally {
      await target.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
