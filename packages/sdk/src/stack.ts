// Where an error happened: the first frame of its stack that is the app's own code.
export type Location = { file: string; line: number };

// The file part stops at a parenthesis and the function part at "@": with two groups that
// may both take anything, a long line without a match cost quadratic (or worse) time.
const V8 = /^\s*at (?:.+? \()?(?:async )?([^()]+?):(\d+):\d+\)?$/;
const GECKO = /^[^@]*@(.+?):(\d+):\d+$/;
const NOT_APP = /node_modules|^node:|^internal\/|@logcenter\/sdk|\/sdk\/(?:src|dist)\//;

export function location(stack: string | undefined, skipSdk = true): Location | null {
  if (!stack) return null;
  let fallback: Location | null = null;
  for (const line of stack.split('\n')) {
    const m = line.match(V8) ?? line.match(GECKO);
    if (!m) continue;
    const frame = { file: m[1]!.replace(/^file:\/\//, ''), line: Number(m[2]) };
    if (skipSdk && NOT_APP.test(frame.file)) {
      fallback ??= frame;
      continue;
    }
    return frame;
  }
  return fallback;
}

export function stackLines(stack: string | undefined, fallback: string): string[] {
  const lines = (stack ?? '').split('\n').filter((l) => l.trim());
  return lines.length ? lines : [fallback];
}

export type DebugImage = { type: 'sourcemap'; code_file: string; debug_id: string };

/** The first file a stack names, as it names it (file:// kept). */
function firstFile(stack: string): string | null {
  for (const line of stack.split('\n')) {
    const m = line.match(V8) ?? line.match(GECKO);
    if (m) return m[1]!;
  }
  return null;
}

let known: { count: number; images: DebugImage[] } | undefined;

/**
 * The debug ids `sentry-cli sourcemaps inject` put into the app's bundles (each registers
 * itself in `_sentryDebugIds`, keyed by a stack taken in the bundle), so that Log Center finds
 * each file's source map. Worked out again only when bundles were added.
 */
export function debugImages(): DebugImage[] {
  const ids = (globalThis as { _sentryDebugIds?: Record<string, string> })._sentryDebugIds;
  if (!ids) return [];
  const entries = Object.entries(ids);
  if (known?.count === entries.length) return known.images;
  const images = entries.flatMap(([stack, id]) => {
    const file = firstFile(stack);
    return file ? [{ type: 'sourcemap' as const, code_file: file, debug_id: id }] : [];
  });
  known = { count: entries.length, images: images.slice(0, 100) };
  return known.images;
}
