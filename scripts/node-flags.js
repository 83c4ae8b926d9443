// The Node.js flags `logcenter` runs the server with (bin/logcenter.js adds them), chosen for
// a small VM; docs/PERFORMANCE.md ("Footprint") has the measurements.
// - With PostgreSQL: semi-spaces of 8 MB instead of V8's 16. At the default V8 kept the young
//   generation's room committed (~75 MB more at idle, before the idle collection); at 2 MB,
//   CI jobs' 500-line batches outlived the young generation (in flight while they wait for
//   the database) and were copied and promoted: scavenges took 2.3 s of 11 writing 1M build
//   log lines, 1.2 s at 8 MB, and 2 KB ingestion held 277 MiB against 176. Idle: 110 → 117 MiB.
// - With the embedded database: V8 optimises no WebAssembly function by itself (dynamic
//   tier-up off): optimising one of PostgreSQL's largest functions (its SQL parser) takes the
//   optimising compiler ~600 MB for half a second, whenever that function gets hot. Instead
//   the server compiles PGlite with the functions ingestion spends its time in optimised up
//   front and the rest on the baseline compiler (server/src/db/pglite-wasm.ts), on one
//   compiler thread (in parallel, the threads' allocator arenas kept ~14 MB more at idle).
//   The rest is set for speed within the memory targets: semi-spaces of 8 MB (the ingestion's
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

/** Dynamic tier-up off: V8 optimises only the function with index 0, which in PGlite is an import. */
export const NO_WASM_TIER_UP = '--wasm-tier-up-filter=0';

/** For the embedded database (PGlite), in the server and in the processes that create its files. */
export const EMBEDDED_DATABASE_FLAGS = [
  NO_WASM_TIER_UP,
  '--wasm-num-compilation-tasks=1',
  '--max-semi-space-size=8',
  '--heap-growing-percent=10',
];

const SERVER_FLAGS = ['--max-semi-space-size=8'];

/** The flags for a `logcenter` command: those that run the server or open its database. */
export function nodeFlagsFor(command, env) {
  if (command !== 'start' && command !== 'migrate') return [];
  if (env.DATABASE_URL || env.EMBEDDED_OPTIMIZING_COMPILER === 'true') return SERVER_FLAGS;
  return EMBEDDED_DATABASE_FLAGS;
}
