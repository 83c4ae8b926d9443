// Throwaway git repositories with a made-up history, for the tests of set-commits.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const author = (name: string) => ({
  GIT_AUTHOR_NAME: name,
  GIT_AUTHOR_EMAIL: `${name.toLowerCase()}@example.com`,
  GIT_COMMITTER_NAME: name,
  GIT_COMMITTER_EMAIL: `${name.toLowerCase()}@example.com`,
});

export type GitRepo = {
  dir: string;
  /** Writes the files and commits them; the new commit's SHA. */
  commit(files: Record<string, string>, message: string, by?: string): string;
  remove(): void;
};

export function gitRepo(remote: string): GitRepo {
  const dir = mkdtempSync(join(tmpdir(), 'logcenter-git-'));
  const git = (args: string[], by = 'Ada') =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...author(by) } }).trim();
  git(['init', '-q', '-b', 'main']);
  git(['remote', 'add', 'origin', remote]);
  return {
    dir,
    commit(files, message, by) {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      git(['add', '-A'], by);
      git(['commit', '-q', '-m', message], by);
      return git(['rev-parse', 'HEAD'], by);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
