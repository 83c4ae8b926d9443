// `logcenter release` as a pipeline without sentry-cli runs it, against the real server.
import { execFile } from 'node:child_process';
import { afterAll, describe, expect } from 'vitest';
import { test } from '../testkit/test.ts';
import { put, report } from '../helpers/http.ts';
import { adminAuthorization, TEST_ADMIN_TOKEN } from '../helpers/auth.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { gitRepo } from '../helpers/git.ts';
import { apiToken } from '../helpers/tokens.ts';
import { FixInReleaseMutation, IssueFixQuery, ProjectReleasesQuery } from './operations.ts';
import { TransitionIssueMutation } from '../graphql/operations.ts';

const bin = new URL('../../bin/logcenter.js', import.meta.url).pathname;
const repo = gitRepo('https://git.example.com/acme/shop.git');
afterAll(() => repo.remove());

type Run = { code: number; stdout: string; stderr: string };

function release(url: string, args: string[], token: string | null = TEST_ADMIN_TOKEN): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, 'release', ...args],
      {
        cwd: repo.dir,
        env: {
          ...process.env,
          LOG_CENTER_URL: url,
          ...(token ? { LOG_CENTER_TOKEN: token } : { LOG_CENTER_TOKEN: '' }),
        },
      },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('logcenter release', () => {
  test('new, set-commits --auto, finalize, deploy, list and info', async ({ server, gql }) => {
    await put(
      server.url,
      '/api/v1/projects/cli_shop',
      { name: 'Shop', repo_url: 'https://git.example.com/acme/shop.git' },
      {
        headers: { authorization: adminAuthorization },
      },
    );
    repo.commit({ 'shop/cart.py': 'a = 1\n' }, 'Add the cart');
    const second = repo.commit({ 'shop/cart.py': 'a = 2\n', 'shop/pay.py': 'p = 1\n' }, 'Pay for the cart', 'Bo');

    expect(await release(server.url, ['new', 'shop@1.0.0', '--project', 'cli_shop'])).toMatchObject({
      code: 0,
      stdout: 'Created release shop@1.0.0\n',
    });
    expect(await release(server.url, ['set-commits', 'shop@1.0.0', '--auto'])).toMatchObject({
      code: 0,
      stdout: 'Set 2 commit(s) of release shop@1.0.0\n',
    });
    expect((await release(server.url, ['finalize', 'shop@1.0.0'])).code).toBe(0);

    // The next release gets what came after the previous one's newest commit.
    const third = repo.commit({ 'shop/pay.py': 'p = 2\n' }, 'Retry payments');
    await release(server.url, ['new', 'shop@1.1.0', '--project', 'cli_shop']);
    expect((await release(server.url, ['set-commits', 'shop@1.1.0', '--auto'])).stdout).toBe(
      'Set 1 commit(s) of release shop@1.1.0\n',
    );

    const { releases } = await gql.run(ProjectReleasesQuery, { projectId: 'cli_shop' });
    const byVersion = Object.fromEntries(releases.map((r) => [r.version, r]));
    expect(byVersion['shop@1.0.0']!.commits.map((c) => c.sha)).toEqual([second, expect.any(String)]);
    expect(byVersion['shop@1.0.0']!.commits[0]).toMatchObject({
      message: 'Pay for the cart',
      url: `https://git.example.com/acme/shop/commit/${second}`,
      files: [
        { path: 'shop/cart.py', type: 'M' },
        { path: 'shop/pay.py', type: 'A' },
      ],
    });
    expect(byVersion['shop@1.1.0']!.commits.map((c) => c.sha)).toEqual([third]);

    // A verified fix in 1.0.0 is DEPLOYED by the production deploy of 1.1.0.
    const res = await report(
      server.url,
      runtimeReport({ project_id: 'cli_shop', version: 'shop@1.0.0' }, { type: 'CartError' }),
    );
    const id = res.body.id as number;
    for (const to of ['VERIFYING', 'PENDING_FIX'] as const) await gql.run(TransitionIssueMutation, { id, to });
    await gql.raw(`mutation { claimIssue(id: ${id}, agentId: "a", leaseSeconds: 60) { __typename } }`);
    await gql.run(FixInReleaseMutation, { id, inRelease: 'shop@1.0.0' });
    await gql.run(TransitionIssueMutation, { id, to: 'VERIFIED' });
    expect(await release(server.url, ['deploy', 'shop@1.1.0', '--env', 'production', '--name', 'blue'])).toMatchObject({
      code: 0,
      stdout: 'Deployed shop@1.1.0 to production\n',
    });
    expect((await gql.run(IssueFixQuery, { id })).issue!.status).toBe('DEPLOYED');

    const list = await release(server.url, ['list', '--project', 'cli_shop']);
    expect(list.stdout).toMatch(/^shop@1\.1\.0 .*unreleased .*deployed to production/m);
    expect(list.stdout).toMatch(/^shop@1\.0\.0 .*released .*1 new issues/m);
    const info = await release(server.url, ['info', 'shop@1.0.0']);
    expect(info.stdout).toContain('projects: cli_shop');
    expect(info.stdout).toContain(`commit ${second.slice(0, 12)} Pay for the cart`);
  });

  test('says what is wrong: usage, an unknown release, a token without the scope', async ({ server }) => {
    expect(await release(server.url, ['new', 'x@1'])).toMatchObject({
      code: 1,
      stderr: 'logcenter release: --project is required\n',
    });
    expect((await release(server.url, ['deploy', 'nope@1', '--env', 'production'])).stderr).toContain(
      'release "nope@1" does not exist',
    );
    const read = await apiToken(server.url, 'READ');
    expect((await release(server.url, ['new', 'x@1', '--project', 'cli_shop'], read)).stderr).toContain(
      'createRelease needs the release permission',
    );
    expect((await release(server.url, [])).stdout).toContain('usage: logcenter release');
  });
});
