import { describe, expect, it } from 'vitest';
import { expiredClaimOf, fixOf, type TransitionDetails } from './transition-details.ts';
import { regressionDetails } from './regression.ts';

const fix: TransitionDetails = {
  fix: { outcome: 'FIXED', commit: 'abc123', branch: 'fix/1', prUrl: null, summary: 'guarded the lookup' },
};
const claimed: TransitionDetails = {
  claim: { agentId: 'a1', leaseSeconds: 60, expiresAt: '2026-12-02T10:00:00.000Z' },
};
const expired: TransitionDetails = { claim: { agentId: 'a1', expiredAt: '2026-12-02T10:01:00.000Z' } };
const regression = regressionDetails({
  environment: 'production',
  version: '2.0.0',
  commit_hash: null,
  timestamp: '2026-12-02T10:02:00.000Z',
});

describe('transition details', () => {
  it('reads a fix only from a fix report', () => {
    expect(fixOf(fix)).toEqual(fix.fix);
    for (const other of [claimed, expired, regression, null, 'fix', { fix: { outcome: 'DEPLOYED' } }]) {
      expect(fixOf(other)).toBeNull();
    }
  });

  it('tells an expired claim from a granted one', () => {
    expect(expiredClaimOf(expired)).toEqual({ agentId: 'a1', expiredAt: '2026-12-02T10:01:00.000Z' });
    expect(expiredClaimOf(claimed)).toBeNull();
    expect(expiredClaimOf(fix)).toBeNull();
  });

  it('marks a regression with the occurrence that reopened the issue', () => {
    expect(regression).toEqual({
      reason: 'regression',
      environment: 'production',
      version: '2.0.0',
      commit_hash: null,
      occurred_at: '2026-12-02T10:02:00.000Z',
    });
  });
});
