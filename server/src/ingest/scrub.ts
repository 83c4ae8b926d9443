// Secrets that clients put in a report's context (request headers, environment dumps,
// config objects) are replaced before anything is stored, so that they never reach the
// database, the dashboard, notifications or repair agents.

export const FILTERED = '[Filtered]';

// Key names, compared without case, "-", "_" or spaces. A key that contains one of these is
// secret (e.g. `db_password`, `X-Auth-Token`, `stripeApiKey`)…
const SECRET_PARTS = ['password', 'passwd', 'secret', 'token', 'authorization', 'apikey', 'credential', 'cookie', 'privatekey', 'sessionid', 'csrf'];
// …and so is a key that is exactly one of these (as parts they would catch `author`, `pwdir`).
const SECRET_KEYS = new Set(['auth', 'pwd', 'session', 'dsn', 'signature']);

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_\s]/g, '');
  return SECRET_KEYS.has(k) || SECRET_PARTS.some((part) => k.includes(part));
}

// `password=…`, `token: …` inside a string, e.g. a URL's query string or a logged command.
const SECRET_ASSIGNMENT = /([A-Za-z0-9_-]*(?:password|passwd|secret|token|api[_-]?key|auth)[A-Za-z0-9_-]*)(["']?\s*[=:]\s*["']?)([^\s&"',;]+)/gi;
// 13 to 19 digits, optionally grouped by spaces or dashes: checked with Luhn below.
const CARD_NUMBER = /\b\d(?:[ -]?\d){12,18}\b/g;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

export function scrubText(text: string): string {
  return text
    .replace(SECRET_ASSIGNMENT, (_, key: string, sep: string) => `${key}${sep}${FILTERED}`)
    .replace(CARD_NUMBER, (match) => (luhn(match.replace(/[ -]/g, '')) ? FILTERED : match));
}

const hidden = (key: string, value: unknown) => (isSecretKey(key) && value !== null && value !== '' ? FILTERED : scrubValue(value));

function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (Array.isArray(value)) {
    // Headers as [name, value] pairs, as some SDKs send them.
    if (value.length === 2 && typeof value[0] === 'string') return [value[0], hidden(value[0], value[1])];
    return value.map(scrubValue);
  }
  if (value !== null && typeof value === 'object') return scrubContext(value as Record<string, unknown>);
  return value;
}

/**
 * The context with every value under a secret-looking key, every `secret=value` inside a
 * string and every card-like number (Luhn-valid) replaced by `[Filtered]`.
 */
export function scrubContext(context: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(context).map(([key, value]) => [key, hidden(key, value)]));
}
