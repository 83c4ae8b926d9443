// The Node.js flags `logcenter` runs the server with (bin/logcenter.js adds them), chosen for
// a small VM; docs/PERFORMANCE.md ("Footprint") has the measurements.
// - With PostgreSQL: semi-spaces of 2 MB instead of 16 MB. V8 keeps the young generation's
//   room committed, and with the default it held some 75 MB more at idle; short-lived garbage
//   is collected more often instead (ingestion measured no slower).
// - With the embedded database: WebAssembly on V8's baseline compiler alone: optimising one of
//   PostgreSQL's largest functions (its SQL parser) takes the optimising compiler ~600 MB for
//   half a second, whenever that function gets hot. PGlite runs slower without it, so the
//   rest is set for speed within the memory targets: semi-spaces of 8 MB (the ingestion's
//   batches outlive smaller ones, and promoted garbage then filled the old generation), and an
//   old generation that grows by 10% rather than V8's default factor (under load the heap
//   otherwise grew by ~130 MB of garbage between full collections). --optimize-for-size
//   holds ~17 MB less at idle (a 1 MB young generation) but ingests ~15% slower.
//   EMBEDDED_OPTIMIZING_COMPILER=true runs as with PostgreSQL instead, for machines with
//   memory to spare.
/**
 * glibc's allocator, for the same reason: at most two arenas (not eight per core) and freed
 * memory handed back to the system past 128 KB (a fixed threshold: by default it grows after
 * large frees and then holds on to them). ~10 MB less at idle. Kept when already set.
 */
export const MALLOC_TUNABLES = 'glibc.malloc.arena_max=2:glibc.malloc.trim_threshold=131072';

/** For the embedded database (PGlite), in the server and in the processes that create its files. */
export const EMBEDDED_DATABASE_FLAGS = ['--liftoff-only', '--max-semi-space-size=8', '--heap-growing-percent=10'];

const SERVER_FLAGS = ['--max-semi-space-size=2'];

/** The flags for a `logcenter` command: those that run the server or open its database. */
export function nodeFlagsFor(command, env) {
  if (command !== 'start' && command !== 'migrate') return [];
  if (env.DATABASE_URL || env.EMBEDDED_OPTIMIZING_COMPILER === 'true') return SERVER_FLAGS;
  return EMBEDDED_DATABASE_FLAGS;
}
