import { describe, expect, it } from 'vitest';
import { IssueStatus } from '../generated/prisma/enums.ts';
import { reopensOnOccurrence } from './workflow.ts';

describe('reopensOnOccurrence', () => {
  it.each(Object.values(IssueStatus))('%s', (status) => {
    expect(reopensOnOccurrence(status)).toBe(['FIXED', 'VERIFIED', 'DEPLOYED'].includes(status));
  });
});
