// Numbers and times for people.
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 minutes ago", "yesterday"; `now` for tests. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Math.abs(seconds) < 5) return 'just now';
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
export const fullTime = (iso: string) => `${dateTime.format(new Date(iso))} UTC`;

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
export const count = (n: number) => (n < 10_000 ? n.toLocaleString('en') : compact.format(n));

/** "4m 05s", "1h 02m", "12s": how long from `startIso` to `endIso` (or `now`). */
export function duration(startIso: string, endIso: string | null, now = Date.now()): string {
  const seconds = Math.max(
    0,
    Math.round(((endIso ? new Date(endIso).getTime() : now) - new Date(startIso).getTime()) / 1000),
  );
  const pad = (n: number) => String(n).padStart(2, '0');
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${pad(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${pad(Math.floor(seconds / 60) % 60)}m`;
}

/** "1 line", "12,400 lines". */
export const lineTotal = (n: number) => `${count(n)} ${n === 1 ? 'line' : 'lines'}`;
