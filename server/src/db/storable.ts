// PostgreSQL's text and jsonb cannot hold U+0000 or an unpaired UTF-16 surrogate (JSON
// escapes can make both). A report must not be refused for one stray byte in a log line, so
// they become U+FFFD wherever they are, keys included.

const needsWork = (s: string) => s.includes('\u0000') || !s.isWellFormed();

export function storable<T>(value: T): T {
  if (typeof value === 'string')
    return (needsWork(value) ? value.toWellFormed().replaceAll('\u0000', '\uFFFD') : value) as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storable(v)])) as T;
  }
  return value;
}
