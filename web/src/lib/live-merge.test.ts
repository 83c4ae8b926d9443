import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW } from './filters.ts';
import type { IssueRowFragment } from './generated/graphql.ts';
import { addedRows, mergeEvent, type ListState } from './live-merge.ts';

const row = (id: number, patch: Partial<IssueRowFragment> = {}): IssueRowFragment => ({
  id,
  projectId: 'p',
  source: 'runtime',
  level: 'ERROR',
  errorType: 'E',
  message: 'm',
  filePath: null,
  lineNumber: null,
  status: 'NEW',
  occurrenceCount: 1,
  regressionCount: 0,
  firstSeen: '2026-03-01T00:00:00.000Z',
  lastSeen: '2026-03-01T00:00:00.000Z',
  environments: ['production'],
  allowedTransitions: ['VERIFYING'],
  ...patch,
});

const list: ListState = { rows: [row(1), row(2)], total: 10 };
const later = '2026-03-02T00:00:00.000Z';

describe('mergeEvent', () => {
  it('puts a new issue at the top and counts it', () => {
    expect(mergeEvent(list, DEFAULT_VIEW, 'CREATED', row(3))).toEqual({
      state: { rows: [row(3), row(1), row(2)], total: 11 },
      flash: 3,
    });
  });

  it('moves an issue with new occurrences to the top, with its new count', () => {
    const hot = row(2, { occurrenceCount: 5, lastSeen: later });
    expect(mergeEvent(list, DEFAULT_VIEW, 'OCCURRED', hot)).toEqual({
      state: { rows: [hot, row(1)], total: 10 },
      flash: 2,
    });
  });

  it('updates in place when sorted otherwise, and does not flash a status change', () => {
    const moved = row(2, { status: 'VERIFYING' });
    expect(mergeEvent(list, { ...DEFAULT_VIEW, sort: 'COUNT' }, 'STATUS_CHANGED', moved)).toEqual({
      state: { rows: [row(1), moved], total: 10 },
      flash: undefined,
    });
  });

  it('drops a row that no longer fits the filter', () => {
    const view = { ...DEFAULT_VIEW, statuses: ['NEW' as const] };
    expect(mergeEvent(list, view, 'STATUS_CHANGED', row(1, { status: 'VERIFYING' }))).toEqual({
      state: { rows: [row(2)], total: 9 },
    });
  });

  it('ignores issues outside the filter, and stale snapshots', () => {
    expect(mergeEvent(list, { ...DEFAULT_VIEW, projects: ['other'] }, 'CREATED', row(3))).toBeNull();
    expect(
      mergeEvent(
        { rows: [row(1, { occurrenceCount: 9, lastSeen: later })], total: 1 },
        DEFAULT_VIEW,
        'OCCURRED',
        row(1),
      ),
    ).toBeNull();
  });

  it('asks the server when a search decides, or when the new issue belongs further down', () => {
    expect(mergeEvent(list, { ...DEFAULT_VIEW, q: 'boom' }, 'CREATED', row(3))).toEqual({ refetch: true });
    expect(mergeEvent(list, { ...DEFAULT_VIEW, sort: 'COUNT' }, 'CREATED', row(3))).toEqual({ refetch: true });
    expect(mergeEvent(list, { ...DEFAULT_VIEW, after: 'cursor' }, 'OCCURRED', row(3))).toBeNull();
  });

  it('tells which rows of a reloaded list are new', () => {
    expect(addedRows([row(1), row(2)], [row(3), row(1), row(4)])).toEqual([3, 4]);
    expect(addedRows([row(1)], [])).toEqual([]);
  });
});
