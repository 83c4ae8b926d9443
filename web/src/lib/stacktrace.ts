// Stack traces as lines, with the frames (file, line, function) picked out, for Python,
// JavaScript (V8 and Firefox/Safari), Java, Go, Dart and Ruby, and a file:line fallback.
export type Frame = { file: string; line: number; column?: number; fn?: string; inApp: boolean };
export type TraceLine = { text: string; frame?: Frame };

type Pattern = { re: RegExp; map: (m: RegExpMatchArray) => Omit<Frame, 'inApp'> };

// Each lazy group ends at a character the next part cannot contain ([^()], [^@]): two lazy
// groups that may both take any character make a pattern quadratic in the line's length.

const PATTERNS: Pattern[] = [
  // Python:   File "apps/users/views.py", line 42, in get_user
  { re: /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?/, map: (m) => ({ file: m[1]!, line: +m[2]!, fn: m[3] }) },
  // V8:   at fn (src/app.ts:10:5)   |   at src/app.ts:10:5   |   at async fn (file:///x.js:1:2)
  {
    re: /^\s*at (?:(.+?) \()?((?:[a-z]+:\/\/\/?)?[^()]+?):(\d+):(\d+)\)?\s*$/,
    map: (m) => ({ fn: m[1], file: m[2]!, line: +m[3]!, column: +m[4]! }),
  },
  // Java:   at com.acme.Api.handle(Api.java:123)
  { re: /^\s*at ([\w$.<>]+)\(([^():]+):(\d+)\)/, map: (m) => ({ fn: m[1], file: m[2]!, line: +m[3]! }) },
  // Dart:   #0      main (package:app/main.dart:12:7)
  {
    re: /^#\d+\s+(.+?) \(([^()]+?):(\d+)(?::(\d+))?\)/,
    map: (m) => ({ fn: m[1], file: m[2]!, line: +m[3]!, column: m[4] ? +m[4] : undefined }),
  },
  // Firefox/Safari:   fn@https://host/app.js:10:5
  {
    re: /^([^@]*)@(.+?):(\d+):(\d+)$/,
    map: (m) => ({ fn: m[1] || undefined, file: m[2]!, line: +m[3]!, column: +m[4]! }),
  },
  // Ruby:   app/models/user.rb:12:in 'save'
  { re: /^\s*([^\s:]+\.rb):(\d+):in [`'](.+)'/, map: (m) => ({ file: m[1]!, line: +m[2]!, fn: m[3] }) },
  // Go:   \t/app/server/handler.go:88 +0x1d
  { re: /^\s+(\/?[\w./-]+\.go):(\d+)(?: \+0x[0-9a-f]+)?$/, map: (m) => ({ file: m[1]!, line: +m[2]! }) },
];

const LIBRARY =
  /node_modules|site-packages|dist-packages|\/usr\/lib\/|<frozen |node:internal|^internal\/|\/go\/pkg\/mod\/|^java\.|^dart:|\/lib\/ruby\//;

/**
 * Lines longer than this are shown but not read as frames: no real frame is this long, and
 * the patterns' cost grows with a line's length (a trace is up to 256 KiB of anyone's text).
 */
export const MAX_FRAME_LINE = 1000;

export function parseFrame(text: string): Frame | undefined {
  if (text.length > MAX_FRAME_LINE) return undefined;
  for (const { re, map } of PATTERNS) {
    const m = text.match(re);
    if (!m) continue;
    const frame = map(m);
    return { ...frame, inApp: !LIBRARY.test(frame.file) && !LIBRARY.test(frame.fn ?? '') };
  }
  return undefined;
}

/** The stored stack trace (an array whose items may hold several lines) as lines. */
export function traceLines(stack: readonly string[]): TraceLine[] {
  return stack
    .flatMap((item) => item.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n'))
    .map((text) => {
      const frame = parseFrame(text);
      return frame ? { text, frame } : { text };
    });
}

export type Folded = { head: TraceLine[]; hidden: number; tail: TraceLine[] };

/** Long traces show their start and end; the middle is folded. */
export function fold(lines: TraceLine[], keep = 12): Folded {
  if (lines.length <= keep * 2 + 4) return { head: lines, hidden: 0, tail: [] };
  return { head: lines.slice(0, keep), hidden: lines.length - keep * 2, tail: lines.slice(-keep) };
}

/**
 * The trace as it was reported, when the server resolved it through source maps: it keeps
 * that one in the occurrence's context under `_minified`.
 */
export function minifiedTrace(context: unknown): string[] | null {
  const kept = (context as { _minified?: { stack_trace?: unknown } } | null)?._minified?.stack_trace;
  return Array.isArray(kept) && kept.every((l) => typeof l === 'string') ? kept : null;
}
