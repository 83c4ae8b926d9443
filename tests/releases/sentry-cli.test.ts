// sentry-cli's release steps (seed 002) against the real server: the binary from npm, its own
// HTTP calls, our answers.
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, useServer } from '../helpers/server.ts';
import { adminAuthorization, TEST_ADMIN_TOKEN } from '../helpers/auth.ts';
import { sentryCli } from '../helpers/sentry-cli.ts';
import { get, put, report } from '../helpers/http.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { apiToken } from '../helpers/tokens.ts';
import { gitRepo, type GitRepo } from '../helpers/git.ts';

const server = useServer();
const cli = (args: string[], options?: Parameters<typeof sentryCli>[3]) =>
  sentryCli(server().url, TEST_ADMIN_TOKEN, args, options);
const asAdmin = { headers: { authorization: adminAuthorization } };

async function ok(args: string[], options?: Parameters<typeof sentryCli>[3]) {
  const result = await cli(args, options);
  expect(result.code, `sentry-cli ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

async function project(id: string, repoUrl?: string) {
  const res = await put(
    server().url,
    `/api/v1/projects/${id}`,
    { name: id, ...(repoUrl ? { repo_url: repoUrl } : {}) },
    asAdmin,
  );
  expect(res.status, res.text).toBeLessThan(300);
}

const release = (version: string) =>
  get(server().url, `/api/0/organizations/acme/releases/${encodeURIComponent(version)}/`, asAdmin);
const commits = (version: string) =>
  get(server().url, `/api/0/organizations/acme/releases/${encodeURIComponent(version)}/commits/`, asAdmin);

const repos: GitRepo[] = [];
afterAll(() => repos.forEach((repo) => repo.remove()));

describe('sentry-cli releases', () => {
  it('new, info, list and finalize a release', async () => {
    await project('cli_web');
    expect(await ok(['releases', 'new', '-p', 'cli_web', 'web@1.0.0'])).toContain('Created release web@1.0.0');
    // The same again adds to it, as Sentry does (a pipeline re-run).
    await ok(['releases', 'new', '-p', 'cli_web', 'web@1.0.0']);
    expect(await ok(['releases', 'info', 'web@1.0.0', '--show-projects'])).toMatch(/web@1\.0\.0.*cli_web/s);
    expect(await ok(['releases', 'list', '-p', 'cli_web'])).toMatch(/\(unreleased\).*web@1\.0\.0/s);
    expect(await ok(['releases', 'finalize', 'web@1.0.0'])).toContain('Finalized release web@1.0.0');
    const finalized = await release('web@1.0.0');
    expect(finalized.body.dateReleased).toEqual(expect.any(String));
    expect(await ok(['releases', 'list', '--raw'])).toContain('web@1.0.0');
    // `info` of an unknown release fails, as with Sentry.
    expect((await cli(['releases', 'info', 'web@9.9.9'])).code).not.toBe(0);
    // And one can be deleted.
    await ok(['releases', 'new', '-p', 'cli_web', 'web@0.0.1-oops']);
    expect(await ok(['releases', 'delete', 'web@0.0.1-oops'])).toContain('Deleted release web@0.0.1-oops');
    expect((await release('web@0.0.1-oops')).status).toBe(404);
  });

  it('set-commits with REPO@SHA and REPO@FROM..TO', async () => {
    await project('cli_api', 'https://github.com/acme/api.git');
    await ok(['releases', 'new', '-p', 'cli_api', 'api@2.0.0']);
    const sha = 'a'.repeat(40);
    await ok(['releases', 'set-commits', 'api@2.0.0', '--commit', `acme/api@${sha}`]);
    expect((await commits('api@2.0.0')).body).toEqual([
      expect.objectContaining({ id: sha, repository: { name: 'acme/api' } }),
    ]);

    const from = 'b'.repeat(40);
    const to = 'c'.repeat(40);
    await ok(['releases', 'set-commits', 'api@2.0.0', '--commit', `acme/api@${from}..${to}`]);
    expect((await commits('api@2.0.0')).body.map((c: { id: string }) => c.id)).toEqual([to]);
    expect((await release('api@2.0.0')).body.lastCommit.id).toBe(to);
    // A repository that is not one of ours is refused by sentry-cli itself, from our list.
    const unknown = await cli(['releases', 'set-commits', 'api@2.0.0', '--commit', `acme/other@${sha}`]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("Unknown repo 'acme/other'");
  });

  it('set-commits --auto sends the local history with its files, from the previous release on', async () => {
    await project('cli_auto', 'https://git.example.com/acme/auto.git');
    const repo = gitRepo('https://git.example.com/acme/auto.git');
    repos.push(repo);
    const shas = [
      repo.commit({ 'README.md': 'hello' }, 'change 1'),
      repo.commit({ 'src/app.py': 'print(1)\n' }, 'change 2'),
      repo.commit({ 'src/app.py': 'print(2)\n', 'src/db.py': 'x = 1\n' }, 'change 3'),
    ];
    const { dir } = repo;
    await ok(['releases', 'new', '-p', 'cli_auto', 'auto@1.0.0']);
    await ok(['releases', 'set-commits', 'auto@1.0.0', '--auto'], { cwd: dir });
    const first = (await commits('auto@1.0.0')).body;
    expect(first.map((c: { id: string }) => c.id)).toEqual([...shas].reverse());
    expect(first[0]).toMatchObject({
      message: 'change 3\n',
      repository: { name: 'acme/auto' },
      author: { name: 'Ada', email: 'ada@example.com' },
      files: [
        { path: 'src/app.py', type: 'M' },
        { path: 'src/db.py', type: 'A' },
      ],
    });

    // The next release gets only what came after the previous one's last commit.
    repo.commit({ 'src/app.py': 'print(3)\n' }, 'change 4', 'Bo');
    await ok(['releases', 'new', '-p', 'cli_auto', 'auto@1.1.0']);
    await ok(['releases', 'set-commits', 'auto@1.1.0', '--auto'], { cwd: dir });
    const second = (await commits('auto@1.1.0')).body;
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ message: 'change 4\n', files: [{ path: 'src/app.py', type: 'M' }] });
  });

  it('deploys new and list', async () => {
    await project('cli_deploy');
    await ok(['releases', 'new', '-p', 'cli_deploy', 'deploy@1.0.0']);
    expect(await ok(['deploys', 'new', '-r', 'deploy@1.0.0', '-e', 'staging', '-n', 'canary', '-t', '42'])).toContain(
      "Created new deploy canary for 'staging'",
    );
    await ok(['releases', 'deploys', 'deploy@1.0.0', 'new', '-e', 'production']);
    const listed = await ok(['releases', 'deploys', 'deploy@1.0.0', 'list']);
    expect(listed).toMatch(/production/);
    expect(listed).toMatch(/staging.*canary/);
    const info = (await release('deploy@1.0.0')).body;
    expect(info).toMatchObject({ deployCount: 2, lastDeploy: { environment: 'production' } });
    const deploys = (await get(server().url, '/api/0/organizations/acme/releases/deploy@1.0.0/deploys/', asAdmin)).body;
    const canary = deploys.find((d: { name: string | null }) => d.name === 'canary');
    expect(Date.parse(canary.dateFinished) - Date.parse(canary.dateStarted)).toBe(42_000);
  });

  it('links the releases of reports: new issues per release, first and last release', async () => {
    await ok(['releases', 'new', '-p', 'cli_web', 'web@1.1.0']);
    const errorType = `ReleaseError${Date.now()}`;
    for (const version of ['web@1.1.0', 'web@1.2.0'])
      expect(
        (await report(server().url, runtimeReport({ project_id: 'cli_web', version }, { type: errorType }))).status,
      ).toBe(200);
    const listed = (await get(server().url, '/api/0/projects/acme/cli_web/releases/', asAdmin)).body;
    // web@1.2.0 was made by the report itself.
    const byVersion = Object.fromEntries(listed.map((r: { version: string }) => [r.version, r]));
    expect(byVersion['web@1.1.0']).toMatchObject({ newGroups: 1, lastEvent: expect.any(String) });
    expect(byVersion['web@1.2.0']).toMatchObject({ newGroups: 0, projects: [{ slug: 'cli_web', name: 'cli_web' }] });
  });

  it('needs a token with the scope: READ may read, only RELEASE or ADMIN may write', async () => {
    const read = await apiToken(server().url, 'READ');
    const refused = await sentryCli(server().url, read, ['releases', 'new', '-p', 'cli_web', 'web@3.0.0']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('this needs the release permission');
    expect((await sentryCli(server().url, read, ['releases', 'list'])).code).toBe(0);
    const releaser = await apiToken(server().url, 'RELEASE');
    expect((await sentryCli(server().url, releaser, ['releases', 'new', '-p', 'cli_web', 'web@3.0.0'])).code).toBe(0);
    const bad = await sentryCli(server().url, 'lct_not_a_token', ['releases', 'list']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('not valid');
  });

  it('takes versions with build metadata and other URL-special characters', async () => {
    for (const version of ['web@1.0.0+build.7', 'web 2026-12-04 #3', 'web@2.0.0-rc.1%'])
      expect(await ok(['releases', 'new', '-p', 'cli_web', version])).toContain(`Created release ${version}`);
    expect(await ok(['releases', 'info', 'web 2026-12-04 #3'])).toContain('web 2026-12-04 #3');
    expect((await release('web@2.0.0-rc.1%')).body.version).toBe('web@2.0.0-rc.1%');
  });

  it('answers only the organisation SENTRY_ORG_SLUG names, when set', async () => {
    const pinned = await startServer({ SENTRY_ORG_SLUG: 'acme' });
    try {
      expect((await sentryCli(pinned.url, TEST_ADMIN_TOKEN, ['releases', 'list'])).code).toBe(0);
      const other = await sentryCli(pinned.url, TEST_ADMIN_TOKEN, ['releases', 'list', '-o', 'globex']);
      expect(other.code).not.toBe(0);
    } finally {
      await pinned.stop();
    }
  });

  it('refuses unknown projects and unusable versions with the field at fault', async () => {
    const unknown = await cli(['releases', 'new', '-p', 'no_such_project', 'x@1.0.0']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('projects[0] is not a known project');
    const latest = await cli(['releases', 'new', '-p', 'cli_web', 'latest']);
    expect(latest.code).not.toBe(0);
    expect(latest.stderr).toContain('version is not a usable version');
  });
});
