// Suspect commits: the commits of the release an issue was first seen in that touched the
// file of its top frame. Stack traces name files as the running program saw them
// (`/app/src/api/users.py`, `webpack:///./src/app.ts`), commits as the repository does
// (`src/api/users.py`): a commit's file matches when one path ends with the other at a
// path separator.

type Changed = { files: unknown };

const segments = (path: string) =>
  path
    .replace(/^[a-z][a-z0-9+.-]*:\/\/\/?/i, '')
    .split(/[\\/]+/)
    .filter((s) => s !== '' && s !== '.');

/** Whether a stack frame's file and a repository's file are the same file. */
export function samePath(framePath: string, repoPath: string): boolean {
  const a = segments(framePath);
  const b = segments(repoPath);
  if (a.length === 0 || b.length === 0) return false;
  const n = Math.min(a.length, b.length);
  for (let i = 1; i <= n; i++) if (a[a.length - i] !== b[b.length - i]) return false;
  return true;
}

const filesOf = (c: Changed): { path: string }[] =>
  Array.isArray(c.files)
    ? (c.files as unknown[]).filter((f): f is { path: string } => typeof (f as { path?: unknown })?.path === 'string')
    : [];

export function suspectCommits<C extends Changed>(commits: C[], filePath: string | null): C[] {
  if (!filePath) return [];
  return commits.filter((c) => filesOf(c).some((f) => samePath(filePath, f.path)));
}
