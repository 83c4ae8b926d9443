import { describe, expect, it } from 'vitest';
import { issueWhere } from './filter.ts';
import { parseSearch } from './search.ts';

describe('issueWhere', () => {
  it('is empty without filters', () => {
    expect(issueWhere()).toEqual({});
    expect(issueWhere({ statuses: [], projectIds: null })).toEqual({});
  });

  it('ANDs the filters and ORs the values of each', () => {
    expect(issueWhere({ projectIds: ['a', 'b'], statuses: ['NEW'], environment: 'production' })).toEqual({
      AND: [
        { projectId: { in: ['a', 'b'] } },
        { status: { in: ['NEW'] } },
        { environments: { hasSome: ['production'] } },
      ],
    });
  });

  it('combines arguments with search terms (both must hold)', () => {
    const where = issueWhere({ statuses: ['NEW', 'VERIFYING'] }, parseSearch('status:NEW boom'));
    expect(where.AND).toEqual([
      { status: { in: ['NEW', 'VERIFYING'] } },
      { status: { in: ['NEW'] } },
      {
        OR: [
          { errorType: { contains: 'boom', mode: 'insensitive' } },
          { message: { contains: 'boom', mode: 'insensitive' } },
          { filePath: { contains: 'boom', mode: 'insensitive' } },
        ],
      },
    ]);
  });

  it('turns seen ranges into half-open intervals', () => {
    const a = new Date('2026-01-01T00:00:00Z');
    const b = new Date('2026-02-01T00:00:00Z');
    expect(issueWhere({ lastSeenAfter: a, lastSeenBefore: b, firstSeenAfter: a })).toEqual({
      AND: [{ firstSeen: { gte: a } }, { lastSeen: { gte: a, lt: b } }],
    });
  });
});
