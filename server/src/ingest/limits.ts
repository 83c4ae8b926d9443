// Caps on what one report may store. An oversized field is cut down with a visible marker
// and the report is kept: a 2 MB build log is still a failure someone needs to see, and
// refusing it would lose the report. Sizes are UTF-8 bytes, as they are stored.

export const LIMITS = {
  messageBytes: 8 * 1024,
  stackTraceBytes: 256 * 1024,
  contextBytes: 64 * 1024,
  tags: 100,
  /** A single string inside the context, before the context as a whole is measured. */
  contextStringBytes: 8 * 1024,
} as const;

/** Key under which the context lists what was cut from it. */
export const TRUNCATED_KEY = '_truncated';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** The longest prefix of `s` within `max` bytes, never splitting a character. */
function prefixBytes(s: string, max: number): string {
  if (bytes(s) <= max) return s;
  const cut = Buffer.from(s, 'utf8').subarray(0, max).toString('utf8');
  // A character split by the cut decodes as U+FFFD: drop it.
  return cut.endsWith('\uFFFD') && !s.startsWith(cut) ? cut.slice(0, -1) : cut;
}

/** `s` within `max` bytes including a marker that says how much was cut. */
export function truncateText(s: string, max: number): string {
  const size = bytes(s);
  if (size <= max) return s;
  const marker = (kept: number) => `… [truncated: ${size - kept} of ${size} bytes]`;
  const kept = prefixBytes(s, max - bytes(marker(max)));
  return kept + marker(bytes(kept));
}

/**
 * A stack trace within `max` bytes: the first lines (the exception and where it started)
 * and the last (for a build log, where it failed), with one marker line for the middle.
 */
export function truncateLines(lines: string[], max: number): string[] {
  const total = lines.reduce((sum, l) => sum + bytes(l) + 1, 0);
  if (total <= max) return lines;
  if (lines.length === 1) return [truncateText(lines[0]!, max)];
  // Room for the marker line; each side gets half of what remains.
  const budget = (max - 100) / 2;
  const fit = (order: string[]) => {
    const kept: string[] = [];
    let used = 0;
    for (const line of order) {
      const size = bytes(line) + 1;
      if (used + size > budget) {
        // One line larger than the whole side (a log as one string) is cut itself.
        if (kept.length === 0) kept.push(truncateText(line, Math.floor(budget)));
        break;
      }
      kept.push(line);
      used += size;
    }
    return kept;
  };
  const head = fit(lines);
  const tail = fit([...lines].reverse()).reverse();
  const cutLines = lines.length - head.length - tail.length;
  const keptBytes = [...head, ...tail].reduce((sum, l) => sum + bytes(l) + 1, 0);
  return [...head, `… [truncated: ${cutLines} lines, ${total - keptBytes} of ${total} bytes] …`, ...tail];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Cuts every long string inside a JSON value. */
function shortenStrings(value: unknown, max: number): Json {
  if (typeof value === 'string') return truncateText(value, max);
  if (Array.isArray(value)) return value.map((v) => shortenStrings(v, max));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shortenStrings(v, max)]));
  }
  return value as Json;
}

/**
 * A context within the caps: at most `LIMITS.tags` tags, long strings cut, and then, if it
 * is still too large, its largest top-level entries dropped until it fits. What was cut is
 * listed under `_truncated`.
 */
export function limitContext(context: Record<string, unknown>): Record<string, unknown> {
  const notes: string[] = [];
  let result = context;
  const tags = context.tags;
  if (tags !== null && typeof tags === 'object' && !Array.isArray(tags)) {
    const entries = Object.entries(tags);
    if (entries.length > LIMITS.tags) {
      result = { ...result, tags: Object.fromEntries(entries.slice(0, LIMITS.tags)) };
      notes.push(`tags: kept ${LIMITS.tags} of ${entries.length}`);
    }
  }
  if (bytes(JSON.stringify(result)) > LIMITS.contextBytes) {
    const shortened = shortenStrings(result, LIMITS.contextStringBytes) as Record<string, unknown>;
    if (JSON.stringify(shortened) !== JSON.stringify(result))
      notes.push(`strings longer than ${LIMITS.contextStringBytes} bytes cut`);
    result = shortened;
  }
  const room = LIMITS.contextBytes - 1024; // for the notes themselves
  if (bytes(JSON.stringify(result)) > room) {
    const sizes = Object.entries(result)
      .map(([key, v]) => ({ key, size: bytes(JSON.stringify(v) ?? '') }))
      .sort((a, b) => b.size - a.size);
    const dropped: string[] = [];
    let size = bytes(JSON.stringify(result));
    const kept = { ...result };
    for (const { key, size: entry } of sizes) {
      if (size <= room) break;
      delete kept[key];
      dropped.push(key);
      size -= entry + bytes(JSON.stringify(key)) + 2;
    }
    notes.push(`dropped to fit ${LIMITS.contextBytes} bytes: ${dropped.join(', ')}`);
    result = kept;
  }
  return notes.length ? { ...result, [TRUNCATED_KEY]: notes } : result;
}
