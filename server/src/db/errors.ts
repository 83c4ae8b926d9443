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

// Connection exceptions (class 08), the server shutting down or starting up, too many
// connections; and the errors of node-postgres, Prisma and Node's sockets when there is no
// server. Prisma wraps the driver's error, so the chain of causes is searched.
const UNAVAILABLE_STATES = /^(08...|57P0[1-3]|53300)$/;
const UNAVAILABLE_CODES = new Set([
  ...['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'],
  // Prisma's: server unreachable, timed out, closed the connection; no connection from the pool in time.
  ...['P1001', 'P1002', 'P1017', 'P2024'],
]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused|server closed the connection unexpectedly/i;

/** The database cannot be reached right now: nothing was stored, and trying later may work. */
export function isUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const state = sqlState(e);
    if (state && UNAVAILABLE_STATES.test(state)) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  }
  return false;
}

/** A unique index refused the row: someone else stored it first (Prisma's P2002, SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'P2002' || code === '23505') return true;
  }
  return false;
}
