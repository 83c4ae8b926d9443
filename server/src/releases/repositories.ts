// A project's `repo_url` as a repository: its name (`owner/name`), its host's kind, and links
// to a commit or to a line of a file at a commit, in the URL patterns of GitHub, GitLab,
// Gitea (and Forgejo, Codeberg) and Bitbucket. Hosts of unknown kind are taken for Gitea:
// self-hosted Gitea is what the seeds' pipelines run on.

export type Provider = 'github' | 'gitlab' | 'gitea' | 'bitbucket';

export type Repository = {
  /** The path on its host, e.g. `acme/backend` (GitLab groups included: `acme/platform/api`). */
  name: string;
  provider: Provider;
  /** The web address, with no credentials and no `.git`. */
  webUrl: string;
};

const PROVIDERS: [RegExp, Provider][] = [
  [/(^|\.)github(\.|$)|\.ghe\.com$/, 'github'],
  [/(^|\.)gitlab(\.|$)/, 'gitlab'],
  [/(^|\.)bitbucket(\.|$)/, 'bitbucket'],
];

const providerOf = (host: string): Provider => PROVIDERS.find(([re]) => re.test(host))?.[1] ?? 'gitea';

/** `git@host:owner/name.git`, `ssh://git@host:22/owner/name`, `https://user:token@host/owner/name.git`. */
function webAddress(repoUrl: string): URL | null {
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(repoUrl.trim());
  const text = scp ? `https://${scp[1]}/${scp[2]}` : repoUrl.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (!['http:', 'https:', 'ssh:', 'git:'].includes(url.protocol)) return null;
  const web = new URL(`${url.protocol === 'http:' ? 'http' : 'https'}://${url.hostname}`);
  if (url.protocol === 'http:' || url.protocol === 'https:') web.port = url.port;
  web.pathname = url.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  return web.pathname.length > 1 ? web : null;
}

export function repositoryOf(repoUrl: string | null | undefined): Repository | null {
  if (!repoUrl) return null;
  const web = webAddress(repoUrl);
  if (!web) return null;
  const webUrl = `${web.origin}${web.pathname}`;
  return { name: decodeURIComponent(web.pathname.slice(1)), provider: providerOf(web.hostname), webUrl };
}

const COMMIT_PATH: Record<Provider, string> = {
  github: 'commit',
  gitlab: '-/commit',
  gitea: 'commit',
  bitbucket: 'commits',
};

/** Only what looks like a commit hash is linked: a `commit_hash` may be a branch name. */
const HASH = /^[0-9a-f]{7,64}$/i;

export function commitUrl(repo: Repository, sha: string): string | null {
  return HASH.test(sha) ? `${repo.webUrl}/${COMMIT_PATH[repo.provider]}/${sha}` : null;
}

const encodePath = (path: string) => path.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');

/** A file (and line) at a commit. */
export function fileUrl(repo: Repository, sha: string, path: string, line?: number | null): string | null {
  if (!HASH.test(sha)) return null;
  const at = sha;
  const file = encodePath(path);
  const base = {
    github: `${repo.webUrl}/blob/${at}/${file}`,
    gitlab: `${repo.webUrl}/-/blob/${at}/${file}`,
    gitea: `${repo.webUrl}/src/commit/${at}/${file}`,
    bitbucket: `${repo.webUrl}/src/${at}/${file}`,
  }[repo.provider];
  if (!line) return base;
  return repo.provider === 'bitbucket' ? `${base}#lines-${line}` : `${base}#L${line}`;
}
