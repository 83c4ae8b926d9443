// The text format of PostgreSQL's `COPY … TO STDOUT`, back to the text that was stored: one
// row per line, a backslash before the characters it escapes. Work is done on bytes, decoded
// as latin1 (one char per byte, so UTF-8 passes through untouched); a chunk without a
// backslash, the usual case for a build log, is passed on as it came.
import type { Readable } from 'node:stream';

const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const UNESCAPED: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v' };

/** One row's or many rows' COPY text with its escapes undone. */
export function unescapeCopyText(bytes: Buffer): Buffer {
  if (!bytes.includes(BACKSLASH)) return bytes;
  const text = bytes.toString('latin1').replace(/\\([\s\S])/g, (_, c: string) => UNESCAPED[c] ?? c);
  return Buffer.from(text, 'latin1');
}

/**
 * The stream's bytes in pieces that end at a line's end, so that no escape (or terminal
 * sequence) is cut in two; inside a COPY row a newline is always escaped.
 */
export async function* wholeLines(stream: Readable): AsyncGenerator<Buffer> {
  let rest: Buffer | null = null;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const bytes: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    const end = bytes.lastIndexOf(NEWLINE) + 1;
    rest = end < bytes.length ? bytes.subarray(end) : null;
    if (end > 0) yield bytes.subarray(0, end);
  }
  if (rest) yield rest;
}
