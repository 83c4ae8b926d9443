// Links out of the dashboard: a project's repository on the web, a commit in it.

/** https://host/team/repo for a git remote (https, ssh:// or scp-like git@host:team/repo.git). */
export function repoWebUrl(remote: string | null | undefined): string | null {
  if (!remote) return null;
  const scp = remote.match(/^[\w.-]+@([\w.-]+):(.+?)(?:\.git)?\/?$/);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  const url = remote.match(/^(?:https?|ssh|git):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/);
  if (!url) return null;
  const scheme = remote.startsWith('http://') ? 'http' : 'https';
  return `${scheme}://${url[1]}/${url[2]}`;
}

/** GitHub, GitLab and Gitea all answer /commit/<hash>. */
export function commitUrl(remote: string | null | undefined, hash: string | null | undefined): string | null {
  const web = repoWebUrl(remote);
  return web && hash && /^[0-9a-f]{7,40}$/i.test(hash) ? `${web}/commit/${hash}` : null;
}

/** A URL worth linking: http(s) only. */
export function safeUrl(value: unknown): string | null {
  return typeof value === 'string' && /^https?:\/\//.test(value) ? value : null;
}

type BuildRef = { projectId: string; pipeline: string; number: string };
const buildSegments = (b: BuildRef) => [b.projectId, b.pipeline, b.number].map(encodeURIComponent).join('/');

/** The dashboard's page of a build's log, at a line when given (`#L123`). */
export const buildHref = (b: BuildRef, lineNo?: number | null) =>
  `/builds/${buildSegments(b)}${lineNo ? `#L${lineNo}` : ''}`;

/** The REST download of a build's log (served on the dashboard's origin too, for its session). */
export function buildDownloadHref(b: BuildRef, options: { executeCount: number; tag?: string | null; strip: boolean }) {
  const q = new URLSearchParams({ executeCount: String(options.executeCount), ansi: options.strip ? 'strip' : 'keep' });
  if (options.tag) q.set('tag', options.tag);
  return `/api/v1/builds/${buildSegments(b)}/logs/download?${q}`;
}

/** This page's address with some query parameters set (or, null, removed), and no #fragment. */
export function withQuery(url: URL, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(url.searchParams);
  for (const [name, value] of Object.entries(changes)) {
    if (value) params.set(name, value);
    else params.delete(name);
  }
  const query = params.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}
