// Moving issues through the workflow, alone and in bulk, and editing projects.
import { TEST_ADMIN } from '../helpers/auth.ts';
import { describe, expect } from 'vitest';
import { as } from '../testkit/client.ts';
import { test as base } from '../testkit/test.ts';
import type { IssueStatus } from '../generated/graphql.ts';
import { IssueQuery, TransitionIssueMutation, TransitionIssuesMutation, UpdateProjectMutation } from './operations.ts';

const test = base
  .extend(
    'newIssue',
    async ({ seed }) =>
      (project = 'wf') =>
        seed.project(project).issue(),
  )
  .extend(
    'move',
    async ({ server }) =>
      (id: number, to: IssueStatus, note?: string, actor = 'alice') =>
        as(server.url, { actor }).run(TransitionIssueMutation, { id, to, note }),
  );

describe('transitionIssue', () => {
  test('walks the main path NEW → … → DEPLOYED, recording who moved it and why', async ({ gql, newIssue, move }) => {
    const id = await newIssue();
    const path = ['VERIFYING', 'PENDING_FIX', 'FIXING', 'FIXED', 'VERIFIED', 'DEPLOYED'] as const;
    for (const to of path) {
      const { transitionIssue: r } = await move(id, to, `to ${to}`);
      expect(r).toMatchObject({
        __typename: 'TransitionResult',
        issue: { id, status: to },
        transition: { to, actor: 'alice', note: `to ${to}` },
      });
    }
    const { issue } = await gql.run(IssueQuery, { id, bucket: 'DAY' });
    expect(issue?.transitions.map((t) => `${t.from}→${t.to}`)).toEqual([
      'NEW→VERIFYING',
      'VERIFYING→PENDING_FIX',
      'PENDING_FIX→FIXING',
      'FIXING→FIXED',
      'FIXED→VERIFIED',
      'VERIFIED→DEPLOYED',
    ]);
    // The label the client sent, and the account behind it, whatever the label says.
    expect(issue?.transitions.every((t) => t.actor === 'alice' && t.by === TEST_ADMIN.email && t.createdAt)).toBe(true);
    expect(issue?.allowedTransitions).toEqual(['NEW']);
  });

  test('takes the side branches: CANNOT_REPRODUCE, FIX_FAILED and the retry', async ({ gql, newIssue, move }) => {
    const a = await newIssue();
    await move(a, 'VERIFYING');
    expect((await move(a, 'CANNOT_REPRODUCE')).transitionIssue).toMatchObject({
      issue: { status: 'CANNOT_REPRODUCE', allowedTransitions: [] },
    });

    const b = await newIssue();
    for (const to of ['VERIFYING', 'PENDING_FIX', 'FIXING', 'FIX_FAILED', 'PENDING_FIX'] as const) await move(b, to);
    const { issue } = await gql.run(IssueQuery, { id: b, bucket: 'DAY' });
    expect(issue?.status).toBe('PENDING_FIX');
  });

  test('refuses an illegal move with a typed error naming the allowed targets, and changes nothing', async ({
    gql,
    newIssue,
    move,
  }) => {
    const id = await newIssue();
    const { transitionIssue: r } = await move(id, 'FIXED');
    expect(r).toEqual({
      __typename: 'IllegalTransitionError',
      message: `issue ${id} cannot move from NEW to FIXED; allowed: VERIFYING`,
      issueId: id,
      from: 'NEW',
      to: 'FIXED',
      allowed: ['VERIFYING'],
    });
    const { issue } = await gql.run(IssueQuery, { id, bucket: 'DAY' });
    expect(issue).toMatchObject({ status: 'NEW', transitions: [] });
  });

  test('says when the issue does not exist', async ({ move }) => {
    expect((await move(987654, 'VERIFYING')).transitionIssue).toMatchObject({
      __typename: 'NotFoundError',
      entity: 'Issue',
      id: '987654',
    });
  });

  test('reopens a deployed issue by hand', async ({ gql, newIssue, move }) => {
    const id = await newIssue();
    for (const to of ['VERIFYING', 'PENDING_FIX', 'FIXING', 'FIXED', 'VERIFIED', 'DEPLOYED', 'NEW'] as const)
      await move(id, to);
    const { issue } = await gql.run(IssueQuery, { id, bucket: 'DAY' });
    expect(issue?.status).toBe('NEW');
  });

  test('names the signed-in user as the actor when the client names none', async ({ server, newIssue }) => {
    const id = await newIssue();
    const { transitionIssue } = await as(server.url, { actor: null }).run(TransitionIssueMutation, {
      id,
      to: 'VERIFYING',
    });
    expect(transitionIssue.__typename === 'TransitionResult' && transitionIssue.transition.actor).toBe(
      TEST_ADMIN.email,
    );
  });

  test('keeps one move per concurrent request: parallel moves of one issue apply once', async ({
    gql,
    newIssue,
    move,
  }) => {
    const id = await newIssue();
    const results = await Promise.all(Array.from({ length: 10 }, () => move(id, 'VERIFYING')));
    const kinds = results.map((r) => r.transitionIssue.__typename);
    expect(kinds.filter((k) => k === 'TransitionResult')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'IllegalTransitionError')).toHaveLength(9);
    const { issue } = await gql.run(IssueQuery, { id, bucket: 'DAY' });
    expect(issue?.transitions).toHaveLength(1);
  });
});

describe('transitionIssues', () => {
  test('moves each issue it can and lists the others with their error', async ({ server, newIssue, move }) => {
    const a = await newIssue();
    const b = await newIssue();
    const c = await newIssue();
    await move(c, 'VERIFYING');
    const { transitionIssues: r } = await as(server.url, { actor: 'bob' }).run(TransitionIssuesMutation, {
      ids: [a, b, c, 424242],
      to: 'VERIFYING',
      note: 'triage',
    });
    expect(r).toEqual({
      __typename: 'BulkTransitionResult',
      succeeded: 2,
      failed: 2,
      results: [
        { __typename: 'TransitionResult', issue: { id: a, status: 'VERIFYING' } },
        { __typename: 'TransitionResult', issue: { id: b, status: 'VERIFYING' } },
        { __typename: 'IllegalTransitionError', message: expect.stringContaining('from VERIFYING to VERIFYING') },
        { __typename: 'NotFoundError', message: 'issue "424242" does not exist' },
      ],
    });
  });

  test('refuses more than 500 at once', async ({ gql }) => {
    const { transitionIssues: r } = await gql.run(TransitionIssuesMutation, {
      ids: Array.from({ length: 501 }, (_, i) => i + 1),
      to: 'VERIFYING',
    });
    expect(r).toMatchObject({ __typename: 'ValidationError', message: expect.stringMatching(/at most 500/) });
  });
});

describe('updateProject', () => {
  test('changes the given fields and clears those set to null', async ({ gql, newIssue }) => {
    await newIssue('wf_project');
    const first = await gql.run(UpdateProjectMutation, {
      id: 'wf_project',
      input: {
        name: 'Workflow',
        repoUrl: 'git@git.example.com:team/wf.git',
        localPath: '/srv/wf',
        description: 'demo',
      },
    });
    expect(first.updateProject).toEqual({
      __typename: 'Project',
      id: 'wf_project',
      name: 'Workflow',
      repoUrl: 'git@git.example.com:team/wf.git',
      localPath: '/srv/wf',
      description: 'demo',
      ingestKeyRequired: false,
    });
    const second = await gql.run(UpdateProjectMutation, {
      id: 'wf_project',
      input: { description: null },
    });
    expect(second.updateProject).toMatchObject({ name: 'Workflow', description: null, localPath: '/srv/wf' });
  });

  test('returns a ValidationError naming each bad field', async ({ gql, newIssue }) => {
    await newIssue('wf_invalid');
    const { updateProject: r } = await gql.run(UpdateProjectMutation, {
      id: 'wf_invalid',
      input: { name: '', localPath: 'relative', repoUrl: 'nope' },
    });
    expect(r).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [
        { path: 'name', reason: 'must not be empty' },
        { path: 'repoUrl', reason: expect.stringMatching(/git remote/) },
        { path: 'localPath', reason: 'must be an absolute path' },
      ],
    });
  });

  test('returns NotFoundError for an unknown project', async ({ gql }) => {
    const { updateProject: r } = await gql.run(UpdateProjectMutation, {
      id: 'wf_missing',
      input: { name: 'x' },
    });
    expect(r).toEqual({ __typename: 'NotFoundError', message: 'project "wf_missing" does not exist' });
  });
});
