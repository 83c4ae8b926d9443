// Releases through GraphQL, and what reports' versions make of them: first and last releases,
// new and regressed issues per release, events per day, commits linked into the repository.
import { describe, expect } from 'vitest';
import { test } from '../testkit/test.ts';
import { as } from '../testkit/client.ts';
import { put, report } from '../helpers/http.ts';
import { adminAuthorization } from '../helpers/auth.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { apiToken } from '../helpers/tokens.ts';
import {
  CreateDeployMutation,
  CreateReleaseMutation,
  FinalizeReleaseMutation,
  IssueReleasesQuery,
  ProjectReleasesQuery,
  SetReleaseCommitsMutation,
} from './operations.ts';

const SHA = '62aaca3ed186edc7671b4cca0ab6ec53cb7de8b5';

describe('releases in GraphQL', () => {
  test('create, finalize, commits and deploys, listed per project', async ({ server, gql }) => {
    await put(
      server.url,
      '/api/v1/projects/gql_rel',
      { name: 'GQL', repo_url: 'git@gitlab.example.com:acme/gql.git' },
      {
        headers: { authorization: adminAuthorization },
      },
    );
    const made = await gql.run(CreateReleaseMutation, { input: { version: 'gql@1.0.0', projectIds: ['gql_rel'] } });
    expect(made.createRelease).toMatchObject({
      version: 'gql@1.0.0',
      releasedAt: null,
      projects: [{ id: 'gql_rel' }],
    });
    const finalized = await gql.run(FinalizeReleaseMutation, { version: 'gql@1.0.0' });
    expect(finalized.finalizeRelease).toMatchObject({ releasedAt: expect.any(String) });
    await gql.run(SetReleaseCommitsMutation, {
      version: 'gql@1.0.0',
      commits: [
        { sha: SHA, message: 'Fix the cache', files: [{ path: 'src/cache.py' }], committedAt: '2026-12-01T10:00:00Z' },
      ],
    });
    const deployed = await gql.run(CreateDeployMutation, {
      version: 'gql@1.0.0',
      input: { environment: 'production', name: 'r1' },
    });
    expect(deployed.createDeploy).toMatchObject({ environment: 'production', name: 'r1' });

    const { releases } = await gql.run(ProjectReleasesQuery, { projectId: 'gql_rel' });
    expect(releases).toHaveLength(1);
    expect(releases[0]).toMatchObject({
      commitCount: 1,
      deployCount: 1,
      lastDeploy: { environment: 'production' },
      commits: [
        {
          sha: SHA,
          shortSha: SHA.slice(0, 12),
          url: `https://gitlab.example.com/acme/gql/-/commit/${SHA}`,
          files: [{ path: 'src/cache.py', url: `https://gitlab.example.com/acme/gql/-/blob/${SHA}/src/cache.py` }],
        },
      ],
    });

    const unknown = await gql.run(CreateDeployMutation, { version: 'gql@9.9.9', input: { environment: 'production' } });
    expect(unknown.createDeploy).toMatchObject({
      __typename: 'NotFoundError',
      message: 'release "gql@9.9.9" does not exist',
    });
    const bad = await gql.run(CreateReleaseMutation, { input: { version: 'a/b', projectIds: ['nope'] } });
    expect(bad.createRelease).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: 'version', reason: 'must not contain line breaks, tabs or slashes' }],
    });
  });

  test('reports make their releases; an issue knows its first and last, whatever order they arrive in', async ({
    server,
    gql,
  }) => {
    await put(
      server.url,
      '/api/v1/projects/gql_seen',
      { name: 'Seen', repo_url: 'https://github.com/acme/seen' },
      {
        headers: { authorization: adminAuthorization },
      },
    );
    const send = async (version: string, timestamp: string, commit_hash?: string) => {
      const res = await report(
        server.url,
        runtimeReport(
          { project_id: 'gql_seen', version, timestamp, commit_hash },
          { type: 'SeenError', file_path: '/srv/app/src/cache.py', line_number: 7 },
        ),
      );
      expect(res.status, res.text).toBe(200);
      return res.body.id as number;
    };
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const id = await send('seen@1.1.0', at(30), SHA);
    await send('seen@1.0.0', at(60)); // arrives late, but happened first
    await send('seen@1.2.0', at(10));
    await send('seen@1.1.5', at(20)); // late, and not the latest

    const { issue } = await gql.run(IssueReleasesQuery, { id });
    expect(issue).toMatchObject({ firstRelease: { version: 'seen@1.0.0' }, lastRelease: { version: 'seen@1.2.0' } });
    const withCommit = issue!.occurrences.edges.map((e) => e.node).find((o) => o.commitHash === SHA);
    expect(withCommit?.commitUrl).toBe(`https://github.com/acme/seen/commit/${SHA}`);

    const { releases } = await gql.run(ProjectReleasesQuery, { projectId: 'gql_seen' });
    expect(releases.map((r) => r.version).sort()).toEqual(['seen@1.0.0', 'seen@1.1.0', 'seen@1.1.5', 'seen@1.2.0']);
    const first = releases.find((r) => r.version === 'seen@1.0.0')!;
    expect(first).toMatchObject({ newIssueCount: 1, eventCount: 1, newIssues: [{ id }] });
    expect(first.events.reduce((n, d) => n + d.count, 0)).toBe(1);
    expect(releases.find((r) => r.version === 'seen@1.1.0')).toMatchObject({ newIssueCount: 0, eventCount: 1 });

    // Suspects: commits of the first release that changed the top frame's file.
    await gql.run(SetReleaseCommitsMutation, {
      version: 'seen@1.0.0',
      commits: [
        { sha: 'b'.repeat(40), files: [{ path: 'README.md' }] },
        { sha: SHA, files: [{ path: 'src/cache.py' }, { path: 'src/db.py', type: 'A' }] },
      ],
    });
    const again = await gql.run(IssueReleasesQuery, { id });
    expect(again.issue?.suspectCommits).toEqual([{ sha: SHA, url: `https://github.com/acme/seen/commit/${SHA}` }]);
  });

  test('a regression is counted on the release that brought it back', async ({ server, gql, seed }) => {
    const id = await seed
      .project('gql_back')
      .issue({ status: 'FIXED', type: 'BackError', report: { version: 'back@1.0.0' } });
    const { issue } = (await gql.raw(`{ issue(id: ${id}) { lineNumber } }`)).expectNoErrors();
    const res = await report(
      server.url,
      runtimeReport(
        { project_id: 'gql_back', version: 'back@1.1.0' },
        { type: 'BackError', line_number: issue.lineNumber },
      ),
    );
    expect(res.body).toMatchObject({ id, status: 'NEW', message: 'Regression detected, reopened' });
    const { releases } = await gql.run(ProjectReleasesQuery, { projectId: 'gql_back' });
    const byVersion = Object.fromEntries(releases.map((r) => [r.version, r]));
    expect(byVersion['back@1.1.0']).toMatchObject({ newIssues: [], regressedIssues: [{ id }] });
    expect(byVersion['back@1.0.0']).toMatchObject({ newIssues: [{ id }], regressedIssues: [] });
  });

  test('writing needs RELEASE (or ADMIN); READ may only read', async ({ server }) => {
    const read = as(server.url, { token: await apiToken(server.url, 'READ') });
    const refused = await read.execute(CreateReleaseMutation, { input: { version: 'r@1', projectIds: ['gql_rel'] } });
    refused.expectErrors('the release permission');
    (await read.execute(ProjectReleasesQuery, { projectId: 'gql_rel' })).expectNoErrors();
    const releaser = as(server.url, { token: await apiToken(server.url, 'RELEASE') });
    const made = await releaser.run(CreateReleaseMutation, { input: { version: 'r@1', projectIds: ['gql_rel'] } });
    expect(made.createRelease.__typename).toBe('Release');
  });
});
