// The testkit itself: seeded issues reach every status the way users' issues do, and the
// client tells data from errors.
import { describe, expect } from 'vitest';
import { test } from './test.ts';
import { as } from './client.ts';
import { IssueQuery, ProjectQuery } from '../graphql/operations.ts';
import { IssueStatus } from '../../server/src/generated/prisma/enums.ts';

const STATUSES = Object.values(IssueStatus);

describe('seed', () => {
  test('walks an issue to each status along the workflow, claims and fix reports included', async ({ gql, seed }) => {
    for (const status of STATUSES) {
      const id = await seed.project('testkit').issue({ status, agentId: 'kit-agent' });
      const { issue } = await gql.run(IssueQuery, { id, bucket: 'DAY' });
      expect(issue?.status, status).toBe(status);
      const path = issue!.transitions.map((t) => t.to);
      expect(path.at(-1) ?? 'NEW').toBe(status);
      if (['FIXED', 'FIX_FAILED', 'VERIFIED', 'DEPLOYED'].includes(status)) expect(path).toContain('FIXING');
    }
  });

  test('gives every issue a fingerprint of its own', async ({ seed }) => {
    const ids = await Promise.all([1, 2, 3].map(() => seed.project('testkit_many').issue()));
    expect(new Set(ids).size).toBe(3);
  });
});

describe('client', () => {
  test('answers data, or errors the test can look at', async ({ server, gql }) => {
    expect((await gql.run(ProjectQuery, { id: 'nobody' })).project).toBeNull();
    const refused = await as(server.url, { token: null }).execute(ProjectQuery, { id: 'nobody' });
    expect(refused.expectErrors(/sign/i)[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(() => refused.expectNoErrors()).toThrow(/GraphQL operation failed: HTTP 401/);
    const broken = await gql.raw('{ nosuchfield }');
    expect(broken.status).toBe(200);
    expect(() => broken.expectErrors('nothing like this')).toThrow(/no GraphQL error matches/);
  });
});
