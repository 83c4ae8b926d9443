// Release-aware regressions and deploys: a fix in a release is not reopened by occurrences of
// older releases (getsentry/sentry#104513); "in the next release" waits for the project's next
// release; an agent's commit ties its fix to the release that ships it; a production deploy of
// that release moves verified fixes to DEPLOYED.
import { describe, expect } from 'vitest';
import { test } from '../testkit/test.ts';
import { put, report } from '../helpers/http.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { freshLine } from '../testkit/seed.ts';
import {
  CreateDeployMutation,
  CreateReleaseMutation,
  FixInReleaseMutation,
  IssueFixQuery,
  ReportFixWithCommitMutation,
  SetProductionEnvironmentMutation,
  SetReleaseCommitsMutation,
} from './operations.ts';
import { TransitionIssueMutation } from '../graphql/operations.ts';
import type { Client } from '../testkit/client.ts';

const fixed = test
  .extend('release', async ({ server, gql }) => async (projectId: string, version: string) => {
    expect((await put(server.url, `/api/v1/projects/${projectId}`, { name: projectId })).status).toBeLessThan(300);
    const res = await gql.run(CreateReleaseMutation, { input: { version, projectIds: [projectId] } });
    expect(res.createRelease.__typename).toBe('Release');
  })
  .extend('issueAt', async ({ server }) => async (projectId: string) => {
    const type = `FixError${freshLine()}`;
    const line = freshLine();
    const res = await report(server.url, runtimeReport({ project_id: projectId }, { type, line_number: line }));
    expect(res.status).toBe(200);
    const id = res.body.id as number;
    return {
      id,
      /** Another occurrence of this issue, of this version. */
      occur: async (version: string | null) => {
        const again = await report(
          server.url,
          runtimeReport({ project_id: projectId, ...(version ? { version } : {}) }, { type, line_number: line }),
        );
        expect(again.status, again.text).toBe(200);
        return again.body as { message: string; status: string };
      },
    };
  });

/** Up the workflow to FIXING, claimed by seed-agent. */
async function toFixing(gql: Client, id: number) {
  for (const to of ['VERIFYING', 'PENDING_FIX'] as const) await gql.run(TransitionIssueMutation, { id, to });
  const claimed = await gql.raw(
    `mutation { claimIssue(id: ${id}, agentId: "seed-agent", leaseSeconds: 600) { __typename } }`,
  );
  expect(claimed.expectNoErrors().claimIssue.__typename).toBe('TransitionResult');
}

describe('release-aware regressions', () => {
  fixed(
    'occurrences of a release older than the fix do not reopen it; of the fix or newer they do',
    async ({ gql, release, issueAt }) => {
      await release('rf_old', 'app@1.1.0');
      await release('rf_old', 'app@1.2.0');
      const issue = await issueAt('rf_old');
      await toFixing(gql, issue.id);
      const fix = await gql.run(FixInReleaseMutation, { id: issue.id, inRelease: 'app@1.2.0' });
      expect(fix.transitionIssue).toMatchObject({
        issue: { status: 'FIXED', fixedInRelease: { version: 'app@1.2.0' } },
      });

      // Servers still on 1.1.0, and an older hotfix line made after the fix, keep reporting it.
      expect(await issue.occur('app@1.1.0')).toMatchObject({ status: 'FIXED', message: 'Log deduplicated' });
      expect(await issue.occur('app@1.0.9')).toMatchObject({ status: 'FIXED' });
      const seen = (await gql.run(IssueFixQuery, { id: issue.id })).issue!;
      expect(seen).toMatchObject({
        status: 'FIXED',
        seenInOlderReleaseCount: 2,
        seenInOlderReleaseAt: expect.any(String),
      });

      // The fix's own release, reporting it again: a real regression, and the fix ends.
      expect(await issue.occur('app@1.2.0')).toMatchObject({ status: 'NEW', message: 'Regression detected, reopened' });
      const reopened = (await gql.run(IssueFixQuery, { id: issue.id })).issue!;
      expect(reopened).toMatchObject({ status: 'NEW', fixedInRelease: null, seenInOlderReleaseCount: 0 });
    },
  );

  fixed('a newer release reopens, and so does a report with no version', async ({ gql, release, issueAt }) => {
    await release('rf_new', 'svc@2.0.0');
    for (const version of ['svc@2.1.0', null]) {
      const issue = await issueAt('rf_new');
      await toFixing(gql, issue.id);
      await gql.run(FixInReleaseMutation, { id: issue.id, inRelease: 'svc@2.0.0' });
      expect(await issue.occur(version)).toMatchObject({ status: 'NEW' });
    }
  });

  fixed('a fix with no release keeps the contract: any occurrence reopens', async ({ gql, release, issueAt }) => {
    await release('rf_plain', 'p@1.0.0');
    const issue = await issueAt('rf_plain');
    await toFixing(gql, issue.id);
    await gql.run(FixInReleaseMutation, { id: issue.id });
    expect(await issue.occur('p@0.0.1')).toMatchObject({ status: 'NEW', message: 'Regression detected, reopened' });
  });

  fixed('"in the next release" waits for the next release the project makes', async ({ gql, release, issueAt }) => {
    await release('rf_next', 'n@1.0.0');
    const issue = await issueAt('rf_next');
    await toFixing(gql, issue.id);
    const fix = await gql.run(FixInReleaseMutation, { id: issue.id, inNextRelease: true });
    expect(fix.transitionIssue).toMatchObject({
      issue: { fixedInRelease: null, fixAwaitsReleaseSince: expect.any(String) },
    });
    // Every release that existed at the fix is older than it.
    expect(await issue.occur('n@1.0.0')).toMatchObject({ status: 'FIXED' });
    await release('rf_next', 'n@1.1.0');
    const waited = (await gql.run(IssueFixQuery, { id: issue.id })).issue!;
    expect(waited).toMatchObject({ fixedInRelease: { version: 'n@1.1.0' }, fixAwaitsReleaseSince: null });
    expect(await issue.occur('n@1.0.0')).toMatchObject({ status: 'FIXED' });
    expect(await issue.occur('n@1.1.0')).toMatchObject({ status: 'NEW' });
  });

  fixed(
    'the next release may first appear in a report: it is the fix’s, and its report reopens',
    async ({ gql, release, issueAt }) => {
      await release('rf_first', 'f@1.0.0');
      const issue = await issueAt('rf_first');
      await toFixing(gql, issue.id);
      await gql.run(FixInReleaseMutation, { id: issue.id, inNextRelease: true });
      expect(await issue.occur('f@1.0.1')).toMatchObject({ status: 'NEW' });
    },
  );

  fixed('inRelease names a release that exists, and only into FIXED', async ({ gql, issueAt }) => {
    const issue = await issueAt('rf_bad');
    await toFixing(gql, issue.id);
    const unknown = await gql.run(FixInReleaseMutation, { id: issue.id, inRelease: 'nope@1' });
    expect(unknown.transitionIssue).toMatchObject({
      __typename: 'NotFoundError',
      message: 'release "nope@1" does not exist',
    });
    const both = await gql.run(FixInReleaseMutation, { id: issue.id, inRelease: 'nope@1', inNextRelease: true });
    expect(both.transitionIssue).toMatchObject({ __typename: 'ValidationError' });
    const wrong = await gql.raw(
      `mutation { transitionIssue(id: ${issue.id}, to: FIX_FAILED, inNextRelease: true) { __typename ... on ValidationError { fieldErrors { path reason } } } }`,
    );
    expect(wrong.expectNoErrors().transitionIssue).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: 'inNextRelease', reason: 'only a move into FIXED names a release' }],
    });
    expect((await gql.run(IssueFixQuery, { id: issue.id })).issue!.status).toBe('FIXING');
  });
});

describe('the ingestion routine', () => {
  fixed(
    'refuses a batch decided without the fix, or on one that has changed (the pipeline reads it and retries)',
    async ({ server, gql, release, issueAt }) => {
      await release('rf_race', 'r@1.0.0');
      const issue = await issueAt('rf_race');
      await toFixing(gql, issue.id);
      await gql.run(FixInReleaseMutation, { id: issue.id, inRelease: 'r@1.0.0' });
      const { fingerprint } = await server.app.core.prisma.issue.findUniqueOrThrow({ where: { id: issue.id } });
      const at = new Date().toISOString();
      // A versioned report of the issue, decided as if it had no release-aware fix.
      const group = {
        fingerprint,
        project_id: 'rf_race',
        source: 'runtime',
        level: 'ERROR',
        error_type: 'X',
        message: 'm',
        file_path: null,
        line_number: null,
        first_seen: at,
        last_seen: at,
        count: 1,
        environments: ['production'],
        first_release: 'r@0.9.0',
        last_release: 'r@0.9.0',
        fix_checked: true,
        fixed_in_release: null,
        fix_awaits_release_since: null,
        details: {},
      };
      const occurrence = {
        fingerprint,
        project_id: 'rf_race',
        timestamp: at,
        received_at: at,
        source: 'runtime',
        level: 'ERROR',
        environment: 'production',
        message: 'm',
        version: 'r@0.9.0',
        stack_trace: [],
      };
      const call = (g: object) =>
        server.app.core.sql.query(
          'test_stale_fix',
          'SELECT logcenter_ingest_batch_v4($1::jsonb, $2::jsonb, $3::jsonb, $4::jsonb, $5::text[], $6::jsonb)',
          ['[]', JSON.stringify([g]), JSON.stringify([occurrence]), '[]', ['FIXED', 'VERIFIED', 'DEPLOYED'], '{}'],
        );
      await expect(call(group)).rejects.toMatchObject({ code: 'LCFIX' });
      await expect(call({ ...group, fix_checked: false })).rejects.toMatchObject({ code: 'LCFIX' });
      expect((await gql.run(IssueFixQuery, { id: issue.id })).issue).toMatchObject({
        status: 'FIXED',
        occurrenceCount: 1,
      });
      // Through the pipeline, the same report is read, decided and stored: older, so still FIXED.
      expect(await issue.occur('r@0.9.0')).toMatchObject({ status: 'FIXED' });
    },
  );
});

describe('fixes, commits and deploys', () => {
  fixed('an agent’s commit ties its fix to the release whose commits include it', async ({ gql, release, issueAt }) => {
    const sha = 'd4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3';
    await release('rf_commit', 'c@1.0.0');
    const issue = await issueAt('rf_commit');
    await toFixing(gql, issue.id);
    const reported = await gql.run(ReportFixWithCommitMutation, { id: issue.id, commit: sha.slice(0, 10) });
    expect(reported.reportFix).toMatchObject({ issue: { status: 'FIXED', fixedInRelease: null } });
    await release('rf_commit', 'c@1.1.0');
    await gql.run(SetReleaseCommitsMutation, {
      version: 'c@1.1.0',
      commits: [{ sha, files: [{ path: 'src/app.ts' }] }],
    });
    const tied = (await gql.run(IssueFixQuery, { id: issue.id })).issue!;
    expect(tied.fixedInRelease).toEqual({ version: 'c@1.1.0' });
    expect(await issue.occur('c@1.0.0')).toMatchObject({ status: 'FIXED' });

    // A later fix whose commit a release already has is tied at once.
    const second = await issueAt('rf_commit');
    await toFixing(gql, second.id);
    const now = await gql.run(ReportFixWithCommitMutation, { id: second.id, commit: sha });
    expect(now.reportFix).toMatchObject({ issue: { fixedInRelease: { version: 'c@1.1.0' } } });
  });

  fixed(
    'a production deploy of the fix’s release (or a newer one) moves verified fixes to DEPLOYED',
    async ({ gql, release, issueAt }) => {
      await release('rf_deploy', 'd@1.0.0');
      await release('rf_deploy', 'd@1.1.0');
      const verified = await issueAt('rf_deploy');
      const notVerified = await issueAt('rf_deploy');
      const laterFix = await issueAt('rf_deploy');
      for (const [issue, version] of [
        [verified, 'd@1.0.0'],
        [notVerified, 'd@1.0.0'],
        [laterFix, 'd@2.0.0'],
      ] as const) {
        if (version === 'd@2.0.0') await release('rf_deploy', version);
        await toFixing(gql, issue.id);
        await gql.run(FixInReleaseMutation, { id: issue.id, inRelease: version });
      }
      for (const issue of [verified, laterFix])
        await gql.run(TransitionIssueMutation, { id: issue.id, to: 'VERIFIED' });

      await gql.run(CreateDeployMutation, { version: 'd@1.1.0', input: { environment: 'staging' } });
      expect((await gql.run(IssueFixQuery, { id: verified.id })).issue!.status).toBe('VERIFIED');

      await gql.run(CreateDeployMutation, { version: 'd@1.1.0', input: { environment: 'production', name: 'r7' } });
      const deployed = (await gql.run(IssueFixQuery, { id: verified.id })).issue!;
      expect(deployed.status).toBe('DEPLOYED');
      expect(deployed.transitions.at(-1)).toMatchObject({
        from: 'VERIFIED',
        to: 'DEPLOYED',
        actor: 'deploy',
        note: 'Deployed to production in d@1.1.0',
        details: { deploy: { release: 'd@1.1.0', environment: 'production' } },
      });
      // Fixed but not verified stays; a fix in a newer release than the one deployed stays.
      expect((await gql.run(IssueFixQuery, { id: notVerified.id })).issue!.status).toBe('FIXED');
      expect((await gql.run(IssueFixQuery, { id: laterFix.id })).issue!.status).toBe('VERIFIED');
    },
  );

  fixed('which environment is production is the project’s to say', async ({ gql, release, issueAt }) => {
    const issue = await issueAt('rf_prod');
    const set = await gql.run(SetProductionEnvironmentMutation, { id: 'rf_prod', environment: 'prod-eu' });
    expect(set.updateProject).toEqual({ __typename: 'Project', productionEnvironment: 'prod-eu' });
    await release('rf_prod', 'e@1.0.0');
    await toFixing(gql, issue.id);
    await gql.run(FixInReleaseMutation, { id: issue.id, inRelease: 'e@1.0.0' });
    await gql.run(TransitionIssueMutation, { id: issue.id, to: 'VERIFIED' });
    await gql.run(CreateDeployMutation, { version: 'e@1.0.0', input: { environment: 'production' } });
    expect((await gql.run(IssueFixQuery, { id: issue.id })).issue!.status).toBe('VERIFIED');
    await gql.run(CreateDeployMutation, { version: 'e@1.0.0', input: { environment: 'prod-eu' } });
    expect((await gql.run(IssueFixQuery, { id: issue.id })).issue!.status).toBe('DEPLOYED');
  });
});
