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
