// The repair-agent protocol: the PENDING_FIX feed, atomic claims with leases, fix reports.
import { afterEach, describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.ts';
import { put, report } from '../helpers/http.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { TEST_ADMIN } from '../helpers/auth.ts';
import { as } from '../testkit/client.ts';
import { seed } from '../testkit/seed.ts';
import { subscribe, type Subscription } from '../testkit/subscription.ts';
import {
  ClaimIssueMutation,
  IssueQuery,
  PendingFixSubscription,
  ReleaseClaimMutation,
  RenewClaimMutation,
  ReportFixMutation,
  TransitionIssueMutation,
} from './operations.ts';
import type { PendingFixSubscription as Pending } from '../generated/graphql.ts';

const server = useServer({ CLAIM_SWEEP_INTERVAL_MS: '200' });
const open: Subscription<Pending>[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const pendingFixIssue = (project: string) => seed(server().url).project(project).issue({ status: 'PENDING_FIX' });
const claim = (id: number, agentId: string, leaseSeconds = 600) =>
  as(server().url).run(ClaimIssueMutation, { id, agentId, leaseSeconds });
const issue = async (id: number) => (await as(server().url).run(IssueQuery, { id, bucket: 'DAY' })).issue!;

describe('pendingFixIssues', () => {
  it('sends the backlog first, with where the code is, then each issue entering PENDING_FIX', async () => {
    await put(server().url, '/api/v1/projects/agent_feed', {
      repo_url: 'git@git.example.com:team/feed.git',
      local_path: '/srv/feed',
    });
    const first = await pendingFixIssue('agent_feed');
    const second = await pendingFixIssue('agent_feed');
    const elsewhere = await pendingFixIssue('agent_other');
    const feed = subscribe(server().url, PendingFixSubscription, { projectId: 'agent_feed', includeBacklog: true });
    open.push(feed);
    expect((await feed.next()).pendingFixIssues).toEqual({
      id: first,
      status: 'PENDING_FIX',
      errorType: 'TypeError',
      project: { id: 'agent_feed', repoUrl: 'git@git.example.com:team/feed.git', localPath: '/srv/feed' },
    });
    expect((await feed.next()).pendingFixIssues.id).toBe(second);

    // Live: a probe issue proves the stream is running, then the one we care about.
    await feed.ready(
      () => pendingFixIssue('agent_feed'),
      () => true,
    );
    const third = await pendingFixIssue('agent_feed');
    expect((await feed.next((e) => e.pendingFixIssues.id === third)).pendingFixIssues.status).toBe('PENDING_FIX');
    expect(feed.received.map((e) => e.pendingFixIssues.id)).not.toContain(elsewhere);
    expect(new Set(feed.received.map((e) => e.pendingFixIssues.id)).size).toBe(feed.received.length);
  });

  it('without the backlog, sends only what enters PENDING_FIX from now on', async () => {
    const old = await pendingFixIssue('agent_live');
    const feed = subscribe(server().url, PendingFixSubscription, { projectId: 'agent_live', includeBacklog: false });
    open.push(feed);
    await feed.ready(
      () => pendingFixIssue('agent_live'),
      () => true,
    );
    expect(feed.received.map((e) => e.pendingFixIssues.id)).not.toContain(old);
  });
});

describe('claimIssue', () => {
  it('lets exactly one of 20 concurrent agents win', async () => {
    const id = await pendingFixIssue('agent_race');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => claim(id, `agent-${i}`)));
    const winners = results.filter((r) => r.claimIssue.__typename === 'TransitionResult');
    expect(winners).toHaveLength(1);
    const winner = winners[0]!.claimIssue;
    if (winner.__typename !== 'TransitionResult') throw new Error('unreachable');
    expect(winner.issue).toMatchObject({ status: 'FIXING', claim: { agentId: expect.stringMatching(/^agent-\d+$/) } });
    const losers = results.filter((r) => r.claimIssue.__typename === 'ClaimConflictError');
    expect(losers).toHaveLength(19);
    for (const l of losers)
      expect(l.claimIssue).toMatchObject({ status: 'FIXING', claimedBy: winner.issue.claim!.agentId });
    expect((await issue(id)).transitions.filter((t) => t.to === 'FIXING')).toHaveLength(1);
  });

  it('refuses issues that are not PENDING_FIX, and bad arguments', async () => {
    const { id } = (await report(server().url, runtimeReport({ project_id: 'agent_new' }))).body;
    expect((await claim(id, 'a')).claimIssue).toMatchObject({
      __typename: 'ClaimConflictError',
      status: 'NEW',
      message: expect.stringMatching(/only PENDING_FIX/),
    });
    expect((await claim(999999, 'a')).claimIssue.__typename).toBe('NotFoundError');
    const pending = await pendingFixIssue('agent_new');
    expect((await claim(pending, 'a', 0)).claimIssue).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: 'leaseSeconds', reason: expect.stringMatching(/>=1/) }],
    });
    expect((await claim(pending, '  ')).claimIssue).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: 'agentId', reason: 'must not be empty' }],
    });
  });
});

describe('a claim', () => {
  it('is renewed only by its holder', async () => {
    const id = await pendingFixIssue('agent_renew');
    await claim(id, 'holder', 60);
    const before = (await issue(id)).claim!.expiresAt;
    const renewed = await as(server().url).run(RenewClaimMutation, { id, agentId: 'holder', leaseSeconds: 3600 });
    if (renewed.renewClaim.__typename !== 'Issue') throw new Error(JSON.stringify(renewed));
    expect(new Date(renewed.renewClaim.claim!.expiresAt).getTime()).toBeGreaterThan(
      new Date(before).getTime() + 3000 * 1000,
    );
    const stolen = await as(server().url).run(RenewClaimMutation, { id, agentId: 'thief', leaseSeconds: 3600 });
    expect(stolen.renewClaim).toMatchObject({
      __typename: 'ClaimConflictError',
      message: expect.stringMatching(/claimed by holder, not thief/),
    });
  });

  it('ends with a fix report from its holder, details kept on the transition', async () => {
    const id = await pendingFixIssue('agent_fix');
    await claim(id, 'fixer');
    const input = {
      issueId: id,
      outcome: 'FIXED' as const,
      commit: 'abc123',
      branch: 'fix/agent',
      prUrl: 'https://git.example.com/pr/7',
      summary: 'guard null id',
    };
    const foreign = await as(server().url).run(ReportFixMutation, { input: { ...input, agentId: 'someone-else' } });
    expect(foreign.reportFix).toMatchObject({ __typename: 'ClaimConflictError', claimedBy: 'fixer' });

    const { reportFix: r } = await as(server().url).run(ReportFixMutation, { input: { ...input, agentId: 'fixer' } });
    expect(r).toEqual({
      __typename: 'TransitionResult',
      issue: { id, status: 'FIXED', claim: null },
      transition: {
        from: 'FIXING',
        to: 'FIXED',
        actor: 'fixer',
        fix: {
          outcome: 'FIXED',
          commit: 'abc123',
          branch: 'fix/agent',
          prUrl: 'https://git.example.com/pr/7',
          summary: 'guard null id',
        },
      },
    });
    expect((await issue(id)).transitions.at(-1)).toMatchObject({ actor: 'fixer', by: TEST_ADMIN.email });
    // Verification and deployment then go through transitionIssue.
    for (const to of ['VERIFIED', 'DEPLOYED'] as const) await as(server().url).run(TransitionIssueMutation, { id, to });
    expect((await issue(id)).status).toBe('DEPLOYED');
  });

  it('can end in FIX_FAILED, and the issue can be retried and is offered again', async () => {
    const id = await pendingFixIssue('agent_fail');
    await claim(id, 'tryer');
    const { reportFix: r } = await as(server().url).run(ReportFixMutation, {
      input: { issueId: id, agentId: 'tryer', outcome: 'FIX_FAILED', summary: 'tests still fail' },
    });
    expect(r).toMatchObject({
      issue: { status: 'FIX_FAILED' },
      transition: { fix: { outcome: 'FIX_FAILED', summary: 'tests still fail' } },
    });

    const feed = subscribe(server().url, PendingFixSubscription, { projectId: 'agent_fail', includeBacklog: false });
    open.push(feed);
    await feed.ready(
      () => pendingFixIssue('agent_fail'),
      () => true,
    );
    await as(server().url).run(TransitionIssueMutation, { id, to: 'PENDING_FIX', note: 'retry' });
    await feed.next((e) => e.pendingFixIssues.id === id);
  });

  it('can be released by its holder, offering the issue again', async () => {
    const id = await pendingFixIssue('agent_release');
    await claim(id, 'quitter');
    expect((await as(server().url).run(ReleaseClaimMutation, { id, agentId: 'other' })).releaseClaim.__typename).toBe(
      'ClaimConflictError',
    );
    const { releaseClaim: r } = await as(server().url).run(ReleaseClaimMutation, {
      id,
      agentId: 'quitter',
      note: 'out of budget',
    });
    expect(r).toMatchObject({ __typename: 'TransitionResult', issue: { status: 'PENDING_FIX', claim: null } });
    expect((await claim(id, 'next-agent')).claimIssue.__typename).toBe('TransitionResult');
  });

  it('expires after its lease: the issue returns to PENDING_FIX (by system) and is offered again', async () => {
    const id = await pendingFixIssue('agent_expire');
    const feed = subscribe(server().url, PendingFixSubscription, { projectId: 'agent_expire', includeBacklog: false });
    open.push(feed);
    await feed.ready(
      () => pendingFixIssue('agent_expire'),
      () => true,
    );
    await claim(id, 'sleepy', 1);
    const offered = await feed.next((e) => e.pendingFixIssues.id === id, 5000);
    expect(offered.pendingFixIssues.status).toBe('PENDING_FIX');
    const history = (await issue(id)).transitions;
    expect(history.at(-1)).toMatchObject({
      from: 'FIXING',
      to: 'PENDING_FIX',
      actor: 'system',
      by: null,
      note: 'claim lease expired',
    });
    // The late agent can no longer report.
    const late = await as(server().url).run(ReportFixMutation, {
      input: { issueId: id, agentId: 'sleepy', outcome: 'FIXED' },
    });
    expect(late.reportFix.__typename).toBe('ClaimConflictError');
  });
});
