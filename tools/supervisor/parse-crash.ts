// What a crashed process said on stderr: the error type, message and failing file:line,
// recognised for Go panics, Python tracebacks, Java exceptions and Node's uncaught errors.
export type Crash = { type: string; message: string; filePath: string | null; lineNumber: number | null };

const lastIndex = (lines: string[], test: (l: string) => boolean) => {
  for (let i = lines.length - 1; i >= 0; i--) if (test(lines[i]!)) return i;
  return -1;
};

function goPanic(lines: string[]): Crash | null {
  const start = lastIndex(lines, (l) => /^(panic|fatal error): /.test(l));
  if (start < 0) return null;
  const [, kind, text] = lines[start]!.match(/^(panic|fatal error): (.*)$/)!;
  const message = text!.replace(/ \[recovered\]$/, '');
  const type =
    kind === 'fatal error' ? 'fatal error' : message.startsWith('runtime error:') ? 'runtime.Error' : 'panic';
  // Frames come as "pkg.fn(...)" then "\t/path/file.go:123 +0x1d"; the first outside the runtime is the culprit.
  for (const line of lines.slice(start + 1)) {
    const m = line.match(/^\s+(\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?$/);
    if (m && !/\/(src\/)?runtime\//.test(m[1]!)) return { type, message, filePath: m[1]!, lineNumber: Number(m[2]) };
  }
  return { type, message, filePath: null, lineNumber: null };
}

function pythonTraceback(lines: string[]): Crash | null {
  const start = lastIndex(lines, (l) => l.startsWith('Traceback (most recent call last):'));
  if (start < 0) return null;
  let frame: { file: string; line: number } | null = null;
  let end = start + 1;
  for (; end < lines.length; end++) {
    const m = lines[end]!.match(/^\s+File "([^"]+)", line (\d+)/);
    if (m) frame = { file: m[1]!, line: Number(m[2]) };
    else if (!/^\s/.test(lines[end]!)) break;
  }
  const final = lines[end]?.match(/^([\w.]+)(?:: (.*))?$/);
  if (!final) return null;
  return { type: final[1]!, message: final[2] ?? '', filePath: frame?.file ?? null, lineNumber: frame?.line ?? null };
}

function javaException(lines: string[]): Crash | null {
  const start = lastIndex(lines, (l) => /^Exception in thread ".*" /.test(l));
  if (start < 0) return null;
  const m = lines[start]!.match(/^Exception in thread ".*" ([\w.$]+)(?:: (.*))?$/);
  if (!m) return null;
  const frame = lines
    .slice(start + 1)
    .map((l) => l.match(/^\s+at [\w.$<>]+\(([^():]+):(\d+)\)/))
    .find(Boolean);
  return {
    type: m[1]!,
    message: m[2] ?? '',
    filePath: frame?.[1] ?? null,
    lineNumber: frame ? Number(frame[2]) : null,
  };
}

function nodeError(lines: string[]): Crash | null {
  // The error line is the one right before the first "    at " frame.
  const firstFrame = lines.findIndex((l, i) => /^\s+at /.test(l) && i > 0 && !/^\s+at /.test(lines[i - 1]!));
  if (firstFrame < 1) return null;
  const m = lines[firstFrame - 1]!.match(
    /^(?:Uncaught )?([\w$.]*(?:Error|Exception)|Error)(?: \[[\w-]+\])?(?:: (.*))?$/,
  );
  if (!m) return null;
  for (const line of lines.slice(firstFrame)) {
    const f = line.match(/^\s+at (?:.+ \()?(?:file:\/\/)?([^()]+?):(\d+):\d+\)?$/);
    if (f && !f[1]!.startsWith('node:') && !f[1]!.includes('node_modules'))
      return { type: m[1]!, message: m[2] ?? '', filePath: f[1]!, lineNumber: Number(f[2]) };
    if (!/^\s+at /.test(line)) break;
  }
  return { type: m[1]!, message: m[2] ?? '', filePath: null, lineNumber: null };
}

export function parseCrash(stderr: string): Crash | null {
  const lines = stderr.replace(/\r\n?/g, '\n').split('\n');
  return goPanic(lines) ?? pythonTraceback(lines) ?? javaException(lines) ?? nodeError(lines);
}
