import { describe, expect, it } from 'vitest';
import { IssueStatus } from '../generated/prisma/enums.ts';
import { allowedTransitions, canTransition, reopensOnOccurrence } from './workflow.ts';

const statuses = Object.values(IssueStatus);

// Every allowed move, spelled out; everything else must be refused.
const ALLOWED = new Set([
  'NEW→VERIFYING',
  'VERIFYING→PENDING_FIX',
  'VERIFYING→CANNOT_REPRODUCE',
  'PENDING_FIX→FIXING',
  'FIXING→FIXED',
  'FIXING→FIX_FAILED',
  'FIXING→PENDING_FIX',
  'FIXED→VERIFIED',
  'VERIFIED→DEPLOYED',
  'FIX_FAILED→PENDING_FIX',
  'FIXED→NEW',
  'VERIFIED→NEW',
  'DEPLOYED→NEW',
]);

describe('canTransition', () => {
  const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED.has(`${from}→${to}`));
  });

  it('never allows staying in place', () => {
    for (const s of statuses) expect(canTransition(s, s)).toBe(false);
  });
});

describe('allowedTransitions', () => {
  it.each(statuses)('from %s lists exactly the allowed targets', (from) => {
    const expected = statuses.filter((to) => ALLOWED.has(`${from}→${to}`));
    expect([...allowedTransitions(from)].sort()).toEqual(expected.sort());
  });

  it('walks the contract’s main path from NEW to DEPLOYED', () => {
    const path: IssueStatus[] = ['NEW', 'VERIFYING', 'PENDING_FIX', 'FIXING', 'FIXED', 'VERIFIED', 'DEPLOYED'];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });
});

describe('reopensOnOccurrence', () => {
  it.each(statuses)('%s', (status) => {
    expect(reopensOnOccurrence(status)).toBe(['FIXED', 'VERIFIED', 'DEPLOYED'].includes(status));
  });

  it('agrees with the table: whatever reopens may move to NEW', () => {
    for (const s of statuses) if (reopensOnOccurrence(s)) expect(canTransition(s, 'NEW')).toBe(true);
  });
});
