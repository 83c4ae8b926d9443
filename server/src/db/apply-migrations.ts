// Applies the pending migrations to DATABASE_URL and prints the names applied, as JSON.
// The server runs this as a child process (migrate-process.ts): the schema engine's
// WebAssembly, some 80 MB once it has run and never released, goes away with the process.
import { writeSync } from 'node:fs';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { applyMigrations } from './migrations.ts';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
try {
  writeSync(1, JSON.stringify(await applyMigrations(new PrismaPg(pool))));
  // Exit at once: the engine keeps a connection checked out (holding its advisory lock), so
  // closing the pool would wait for its idle timeout.
  process.exit(0);
} catch (err) {
  // The engine's message says what is wrong; its stack is of the WebAssembly.
  const { code, message } = err as { code?: string; message?: string };
  writeSync(2, `${code ? `${code} ` : ''}${message ?? String(err)}\n`);
  process.exit(1);
}
