// PostgreSQL error codes (SQLSTATE) of errors from the drivers behind `Database.sql`:
// node-postgres and PGlite both put the code on the error as `code`.

export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Deadlock or serialization failure: running the transaction again is the fix. */
export function isRetryable(err: unknown): boolean {
  const state = sqlState(err);
  return state === '40P01' || state === '40001';
}
