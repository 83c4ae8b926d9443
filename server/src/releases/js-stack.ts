// JavaScript stack lines as V8 (`    at fn (file:1:2)`) and Firefox/Safari (`fn@file:1:2`) print
// them, read into frames for source-maps.ts and written back. Parsed by hand from the end of
// the line: no regular expression to backtrack on a hostile one.
import type { JsFrame } from './source-maps.ts';

const ALL_DIGITS = /^\d{1,9}$/;

/** `file:12:34` → its parts, or null. */
function location(text: string): { file: string; line: number; column: number } | null {
  const second = text.lastIndexOf(':');
  const first = second > 0 ? text.lastIndexOf(':', second - 1) : -1;
  if (first <= 0) return null;
  const line = text.slice(first + 1, second);
  const column = text.slice(second + 1);
  if (!ALL_DIGITS.test(line) || !ALL_DIGITS.test(column)) return null;
  return { file: text.slice(0, first), line: Number(line), column: Number(column) };
}

export function parseStackLine(raw: string): JsFrame | null {
  const line = raw.trim();
  let fn: string | undefined;
  let where: string;
  if (line.startsWith('at ')) {
    const rest = line.slice(3).replace(/^async /, '');
    const open = rest.lastIndexOf(' (');
    if (open !== -1 && rest.endsWith(')')) {
      fn = rest.slice(0, open);
      where = rest.slice(open + 2, -1);
    } else where = rest;
  } else {
    const at = line.indexOf('@');
    if (at === -1) return null;
    fn = line.slice(0, at) || undefined;
    where = line.slice(at + 1);
  }
  const loc = location(where);
  if (!loc) return null;
  return { function: fn, abs_path: loc.file, filename: loc.file, lineno: loc.line, colno: loc.column };
}

export function formatFrame(frame: JsFrame): string {
  const at = `${frame.filename ?? frame.abs_path ?? '?'}:${frame.lineno ?? 0}:${frame.colno ?? 0}`;
  return `    at ${frame.function ? `${frame.function} (${at})` : at}`;
}
