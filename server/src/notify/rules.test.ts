import { describe, expect, it } from 'vitest';
import type { Issue, StatusTransition } from '../generated/prisma/client.ts';
import type { IssueEvent } from '../issues/events.ts';
import { ruleWants } from './rules.ts';

const issue = { id: 1 } as Issue;
const moved = (toStatus: StatusTransition['toStatus']): IssueEvent => ({
  kind: 'STATUS_CHANGED',
  issue,
  transition: { toStatus } as StatusTransition,
});
const rule = {
  enabled: true,
  onNew: true,
  onRegression: false,
  onStatuses: ['FIXED', 'DEPLOYED'] as StatusTransition['toStatus'][],
};

describe('ruleWants', () => {
  it('follows the rule’s triggers', () => {
    expect(ruleWants(rule, { kind: 'CREATED', issue, transition: null })).toBe(true);
    expect(ruleWants(rule, { kind: 'REGRESSED', issue, transition: null })).toBe(false);
    expect(ruleWants({ ...rule, onRegression: true }, { kind: 'REGRESSED', issue, transition: null })).toBe(true);
    expect(ruleWants(rule, moved('FIXED'))).toBe(true);
    expect(ruleWants(rule, moved('VERIFYING'))).toBe(false);
  });

  it('never tells of mere occurrences, nor anything when disabled', () => {
    expect(ruleWants(rule, { kind: 'OCCURRED', issue, transition: null })).toBe(false);
    expect(ruleWants({ ...rule, enabled: false }, { kind: 'CREATED', issue, transition: null })).toBe(false);
  });
});
