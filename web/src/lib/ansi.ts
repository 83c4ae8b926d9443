// ANSI SGR colour codes in CI logs (ESC[31m … ESC[0m) as styled text segments. Other escape
// sequences (cursor moves, erase line) are dropped.
export type Segment = {
  text: string;
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
};

const NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];
// An OSC sequence (ESC ] … BEL) ends at the next ESC when its BEL is missing: scanning on to
// a BEL that never comes, from every ESC ], was quadratic in the length of a log.
// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b\[([0-9;]*)([A-Za-z])|\u001b\][^\u0007\u001b]*\u0007/g;

type Style = Omit<Segment, 'text'>;

function xterm256(n: number): string {
  if (n < 8) return `ansi-${NAMES[n]}`;
  if (n < 16) return `ansi-bright-${NAMES[n - 8]}`;
  if (n < 232) {
    const v = n - 16;
    const level = (x: number) => (x === 0 ? 0 : 55 + x * 40);
    return `rgb(${level(Math.floor(v / 36))},${level(Math.floor(v / 6) % 6)},${level(v % 6)})`;
  }
  const grey = 8 + (n - 232) * 10;
  return `rgb(${grey},${grey},${grey})`;
}

function apply(style: Style, params: number[]): Style {
  const next = { ...style };
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p === 0) for (const k of Object.keys(next) as (keyof Style)[]) delete next[k];
    else if (p === 1) next.bold = true;
    else if (p === 2) next.dim = true;
    else if (p === 3) next.italic = true;
    else if (p === 4) next.underline = true;
    else if (p === 22) {
      delete next.bold;
      delete next.dim;
    } else if (p === 23) delete next.italic;
    else if (p === 24) delete next.underline;
    else if (p >= 30 && p <= 37) next.fg = `ansi-${NAMES[p - 30]}`;
    else if (p >= 90 && p <= 97) next.fg = `ansi-bright-${NAMES[p - 90]}`;
    else if (p === 39) delete next.fg;
    else if (p >= 40 && p <= 47) next.bg = `ansi-${NAMES[p - 40]}`;
    else if (p >= 100 && p <= 107) next.bg = `ansi-bright-${NAMES[p - 100]}`;
    else if (p === 49) delete next.bg;
    else if ((p === 38 || p === 48) && params[i + 1] === 5 && params[i + 2] !== undefined) {
      next[p === 38 ? 'fg' : 'bg'] = xterm256(params[i + 2]!);
      i += 2;
    } else if ((p === 38 || p === 48) && params[i + 1] === 2 && params[i + 4] !== undefined) {
      next[p === 38 ? 'fg' : 'bg'] = `rgb(${params[i + 2]},${params[i + 3]},${params[i + 4]})`;
      i += 4;
    }
  }
  return next;
}

export function parseAnsi(input: string): Segment[] {
  const segments: Segment[] = [];
  let style: Style = {};
  let last = 0;
  const push = (text: string) => {
    if (text) segments.push({ text, ...style });
  };
  for (const match of input.matchAll(ESCAPE)) {
    push(input.slice(last, match.index));
    last = match.index! + match[0].length;
    if (match[2] === 'm')
      style = apply(
        style,
        (match[1] || '0').split(';').map((n) => Number(n) || 0),
      );
  }
  push(input.slice(last));
  return segments;
}

/** True when the text holds escape codes worth rendering. */
export const hasAnsi = (text: string) => text.includes('\u001b[');

/**
 * The segments with each case-insensitive occurrence of `needle` in their text split out and
 * marked (search results). Linear in the text: the scan never goes back.
 */
export function markMatches(segments: Segment[], needle: string): (Segment & { mark?: boolean })[] {
  const text = segments.map((s) => s.text).join('');
  const haystack = text.toLowerCase();
  const wanted = needle.toLowerCase();
  // Lower-casing that changes lengths (a few Unicode letters) would misplace the marks.
  if (!wanted || haystack.length !== text.length) return segments;
  const cuts: [number, number][] = [];
  for (let i = haystack.indexOf(wanted); i !== -1; i = haystack.indexOf(wanted, i + wanted.length))
    cuts.push([i, i + wanted.length]);
  if (cuts.length === 0) return segments;
  const out: (Segment & { mark?: boolean })[] = [];
  let offset = 0;
  let c = 0;
  for (const s of segments) {
    const end = offset + s.text.length;
    let pos = offset;
    while (pos < end) {
      while (c < cuts.length && cuts[c]![1] <= pos) c++;
      const cut = cuts[c];
      if (!cut || cut[0] >= end) {
        out.push({ ...s, text: text.slice(pos, end) });
        break;
      }
      if (cut[0] > pos) {
        out.push({ ...s, text: text.slice(pos, cut[0]) });
        pos = cut[0];
      }
      const stop = Math.min(cut[1], end);
      out.push({ ...s, text: text.slice(pos, stop), mark: true });
      pos = stop;
    }
    offset = end;
  }
  return out;
}
