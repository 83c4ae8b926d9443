// Secrets that clients put in a report's context (request headers, environment dumps,
// config objects) are replaced before anything is stored, so that they never reach the
// database, the dashboard, notifications or repair agents.

export const FILTERED = '[Filtered]';

// Key names, compared without case, "-", "_" or spaces. A key that contains one of these is
// secret (e.g. `db_password`, `X-Auth-Token`, `stripeApiKey`)…
const SECRET_PARTS = [
  'password',
  'passwd',
  'secret',
  'token',
  'authorization',
  'apikey',
  'credential',
  'cookie',
  'privatekey',
  'sessionid',
  'csrf',
];
// …and so is a key that is exactly one of these (as parts they would catch `author`, `pwdir`).
const SECRET_KEYS = new Set(['auth', 'pwd', 'session', 'dsn', 'signature']);

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_\s]/g, '');
  return SECRET_KEYS.has(k) || SECRET_PARTS.some((part) => k.includes(part));
}

// `password=…`, `token: …` inside a string, e.g. a URL's query string or a logged command: a
// word that names a secret, an `=` or `:` (quotes and spaces around it allowed), then the
// value up to a space, `&`, a quote, `,` or `;`. Scanned by hand in one pass: as a regular
// expression (`[\w-]*(?:password|…)[\w-]*…`) it backtracks over every start of a long word,
// and a report of a million letters held the event loop for minutes.
const SECRET_WORD = /password|passwd|secret|token|api[_-]?key|auth/i;
const isWordChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
const isSpace = (ch: string) => /\s/.test(ch);
const isQuote = (ch: string | undefined) => ch === '"' || ch === "'";
const endsValue = (ch: string) => isSpace(ch) || ch === '&' || isQuote(ch) || ch === ',' || ch === ';';

/** Where the value of a secret assignment starts after the word ending at `at`, or -1. */
function valueStart(text: string, at: number): number {
  let i = at;
  if (isQuote(text[i])) i++;
  while (i < text.length && isSpace(text[i]!)) i++;
  if (text[i] !== '=' && text[i] !== ':') return -1;
  i++;
  while (i < text.length && isSpace(text[i]!)) i++;
  if (isQuote(text[i])) i++;
  return i;
}

function scrubAssignments(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && isWordChar(text.charCodeAt(end))) end++;
    const start = SECRET_WORD.test(text.slice(i, end)) ? valueStart(text, end) : -1;
    let valueEnd = start;
    if (start !== -1) while (valueEnd < text.length && !endsValue(text[valueEnd]!)) valueEnd++;
    if (start !== -1 && valueEnd > start) {
      out += text.slice(copied, start) + FILTERED;
      copied = i = valueEnd;
    } else i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
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
  return scrubAssignments(text).replace(CARD_NUMBER, (match) => (luhn(match.replace(/[ -]/g, '')) ? FILTERED : match));
}

const hidden = (key: string, value: unknown) =>
  isSecretKey(key) && value !== null && value !== '' ? FILTERED : scrubValue(value);

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
