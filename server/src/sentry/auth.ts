// Where a Sentry SDK puts its public key: the X-Sentry-Auth header, the sentry_key query
// parameter (browsers), or the DSN in the envelope header.
export function keyFromAuthHeader(header: string | undefined): string | null {
  if (!header) return null;
  const pairs = header.replace(/^\s*Sentry\s+/i, '').split(',');
  for (const pair of pairs) {
    const [name, value] = pair.split('=').map((s) => s.trim());
    if (name === 'sentry_key' && value) return value;
  }
  return null;
}

export function keyFromDsn(dsn: unknown): string | null {
  if (typeof dsn !== 'string') return null;
  try {
    return new URL(dsn).username || null;
  } catch {
    return null;
  }
}

export function dsnFor(apiUrl: string, publicKey: string, dsnId: number): string {
  const url = new URL(apiUrl);
  url.username = publicKey;
  url.pathname = `/${dsnId}`;
  return url.toString();
}
