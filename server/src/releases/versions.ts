// Which of two releases is older. Versions order by semantic version when both parse
// (`1.2.3`, `v1.2.3-rc.1`, `backend@1.2.3+45`) and name the same package; otherwise, and
// between equal versions, by when the release was created.

export type Ordered = { version: string; createdAt: Date };

type SemVer = { pkg: string; numbers: number[]; pre: string[]; build: string };

// One to four numeric parts, then optional pre-release and build. Each part is a class
// repeated once, with a literal between: linear on any input.
const SEMVER = /^v?(\d{1,9}(?:\.\d{1,9}){0,3})(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

/** `pkg@1.2.3-rc.1+45` as its parts, or null when it is not a semantic version. */
export function parseVersion(version: string): SemVer | null {
  const at = version.lastIndexOf('@');
  const pkg = at > 0 ? version.slice(0, at) : '';
  const m = SEMVER.exec(at > 0 ? version.slice(at + 1) : version);
  if (!m) return null;
  return { pkg, numbers: m[1]!.split('.').map(Number), pre: m[2] ? m[2].split('.') : [], build: m[3] ?? '' };
}

const NUMERIC = /^\d{1,15}$/;

/** Two identifiers as semver orders them: numbers by value and before words, words as text. */
function compareIdentifiers(a: string, b: string): number {
  const an = NUMERIC.test(a);
  const bn = NUMERIC.test(b);
  if (an && bn) return Number(a) - Number(b);
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePre(a: string[], b: string[]): number {
  // A release sorts after its pre-releases.
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareIdentifiers(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Semantic order, or null when the two cannot be compared so (not both versions of one package). */
export function compareVersions(a: string, b: string): number | null {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y || x.pkg !== y.pkg) return null;
  for (let i = 0; i < Math.max(x.numbers.length, y.numbers.length); i++) {
    const c = (x.numbers[i] ?? 0) - (y.numbers[i] ?? 0);
    if (c !== 0) return c;
  }
  const pre = comparePre(x.pre, y.pre);
  if (pre !== 0) return pre;
  // Build metadata does not order semantic versions; as a build number it tells builds apart.
  if (x.build === '' || y.build === '') return x.build.length - y.build.length;
  return compareIdentifiers(x.build, y.build);
}

/** Negative when `a` is the older release, positive when `b` is, 0 for the same one. */
export function compareReleases(a: Ordered, b: Ordered): number {
  if (a.version === b.version) return 0;
  const semantic = compareVersions(a.version, b.version);
  if (semantic) return semantic;
  return a.createdAt.getTime() - b.createdAt.getTime();
}
