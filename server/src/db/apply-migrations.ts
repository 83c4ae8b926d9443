// Applies the pending migrations to DATABASE_URL, or else to the embedded database in
// DATA_DIR, and prints the names applied, as JSON. The server runs this as a child process
// (child-process.ts): the schema engine's WebAssembly, some 80 MB once it has run and never
// released, goes away with the process. With DATA_DIR the server holds the folder's lock and
// has closed its own PGlite meanwhile.
import { writeSync } from 'node:fs';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { applyMigrations } from './migrations.ts';

async function adapter(): Promise<{ adapter: SqlMigrationAwareDriverAdapterFactory; close: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const [{ default: pg }, { PrismaPg }] = await Promise.all([import('pg'), import('@prisma/adapter-pg')]);
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    // Not closed: the engine keeps a connection checked out (holding its advisory lock), so
    // closing the pool would wait for its idle timeout. The process exits instead.
    return { adapter: new PrismaPg(pool), close: async () => {} };
  }
  const [{ openPGliteFiles }, { PrismaPGlite }] = await Promise.all([
    import('./pglite.ts'),
    import('pglite-prisma-adapter'),
  ]);
  const client = await openPGliteFiles(process.env.DATA_DIR!);
  return { adapter: new PrismaPGlite(client), close: () => client.close() };
}

try {
  const target = await adapter();
  const applied = await applyMigrations(target.adapter);
  await target.close();
  writeSync(1, JSON.stringify(applied));
  process.exit(0);
} catch (err) {
  // The engine's message says what is wrong; its stack is of the WebAssembly.
  const { code, message } = err as { code?: string; message?: string };
  writeSync(2, `${code ? `${code} ` : ''}${message ?? String(err)}\n`);
  process.exit(1);
}
