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
