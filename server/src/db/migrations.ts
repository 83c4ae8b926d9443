// Applies and creates migrations with the WebAssembly schema engine. Migrations are the
// standard `prisma/migrations/<timestamp>_<name>/migration.sql` folders, recorded in
// `_prisma_migrations`, so `prisma migrate deploy` works on them too.
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { openSchemaEngine } from './schema-engine.ts';
import { inProject } from '../paths.ts';

const prismaDir = inProject('prisma');
export const schemaPath = join(prismaDir, 'schema.prisma');
export const migrationsDir = join(prismaDir, 'migrations');
/** SQL functions (CREATE OR REPLACE), applied after the migrations at every start. */
export const routinesDir = join(prismaDir, 'routines');

/** Where the schema and its migrations live; tests point these at a copy. */
export type MigrationPaths = { schemaPath: string; migrationsDir: string };
const projectPaths: MigrationPaths = { schemaPath, migrationsDir };

/** The schema text the newest migration was made from; new migrations are diffs from it. */
export const snapshotPath = (dir: string) => join(dir, 'schema_snapshot.prisma');
const lockfileContent = '# Created by Log Center. Do not edit.\nprovider = "postgresql"\n';
const noFilters = { externalTables: [], externalEnums: [] };

async function migrationList(migrationsDir: string) {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: await readFile(join(migrationsDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  );
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: 'provider = "postgresql"' },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

export type MigrationRow = { migration_name: string; applied: boolean };

/**
 * Migration folders not recorded as applied, plus any recorded as failed or rolled back.
 * When this is empty the schema engine (~35 MB of WebAssembly that stays resident once
 * loaded) need not be loaded at all, which is the case at nearly every start.
 */
export async function pendingMigrations(
  query: (sql: string) => Promise<MigrationRow[]>,
  dir = migrationsDir,
): Promise<string[]> {
  const names = (await migrationList(dir)).migrationDirectories.map((m) => m.path);
  const [table] = await query(`SELECT '' AS migration_name, to_regclass('_prisma_migrations') IS NOT NULL AS applied`);
  if (!table?.applied) return names;
  const rows = await query(
    'SELECT migration_name, finished_at IS NOT NULL AND rolled_back_at IS NULL AS applied FROM _prisma_migrations',
  );
  const done = new Set(rows.filter((r) => r.applied).map((r) => r.migration_name));
  const broken = rows.filter((r) => !r.applied && !done.has(r.migration_name)).map((r) => r.migration_name);
  return [...new Set([...names.filter((n) => !done.has(n)), ...broken])];
}

/** Applies every pending migration; returns the names of those it applied. */
export async function applyMigrations(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  paths: MigrationPaths = projectPaths,
): Promise<string[]> {
  const engine = await openSchemaEngine(paths.schemaPath, await readFile(paths.schemaPath, 'utf8'), adapter);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await migrationList(paths.migrationsDir),
      filters: noFilters,
    });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * Installs the SQL functions of prisma/routines. They are not in schema.prisma (Prisma does
 * not model functions), so they are not migrations: each file replaces its function, which
 * carries a version in its name so that servers of an older release keep theirs.
 */
export async function applyRoutines(execute: (sql: string) => Promise<unknown>, dir = routinesDir): Promise<void> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  for (const file of files) await execute(await readFile(join(dir, file), 'utf8'));
}

/** SQL that takes a database from schema text `from` (or empty) to schema text `to`. */
export async function diffSchemas(from: string | null, to: string): Promise<string> {
  // The engine wants a database even for a pure schema-to-schema diff; an in-memory one suffices.
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
  ]);
  const scratch = new PGlite();
  const engine = await openSchemaEngine(schemaPath, to, new PrismaPGlite(scratch));
  try {
    const { stdout } = await engine.diff({
      from: from === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: from }] },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: to }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return stdout ?? '';
  } finally {
    engine.free();
    await scratch.close();
  }
}

function isEmptyScript(sql: string): boolean {
  return sql.replace(/--.*$/gm, '').trim() === '';
}

/** Writes a new migration folder for the changes since the last one; null when there are none. */
export async function createMigration(
  name: string,
  { schemaPath, migrationsDir }: MigrationPaths = projectPaths,
  now = new Date(),
): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name))
    throw new Error(`migration name must be snake_case letters and digits, got "${name}"`);
  const current = await readFile(schemaPath, 'utf8');
  const snapshot = snapshotPath(migrationsDir);
  const previous = existsSync(snapshot) ? await readFile(snapshot, 'utf8') : null;
  const sql = await diffSchemas(previous, current);
  if (isEmptyScript(sql)) return null;
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = join(migrationsDir, `${stamp}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'migration.sql'), sql);
  await writeFile(snapshot, current);
  if (!existsSync(join(migrationsDir, 'migration_lock.toml'))) {
    await writeFile(join(migrationsDir, 'migration_lock.toml'), lockfileContent);
  }
  return dir;
}
