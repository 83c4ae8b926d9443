import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Issue, StatusTransition } from '../generated/prisma/client.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { createEventPublisher, fromMessage, toMessage, type IssueEvent, type IssueEventMessage } from './events.ts';

const issue = (id: number, occurrenceCount = 1): Issue => ({
  id,
  fingerprint: 'f'.repeat(32),
  projectId: 'p',
  source: 'runtime',
  level: 'ERROR',
  errorType: 'TypeError',
  message: 'boom',
  filePath: 'a.ts',
  lineNumber: 1,
  status: 'NEW',
  statusChangedAt: new Date('2026-01-01T00:00:00Z'),
  firstSeen: new Date('2026-01-01T00:00:00Z'),
  lastSeen: new Date('2026-01-02T00:00:00Z'),
  occurrenceCount,
  firstRelease: null,
  lastRelease: null,
  fixedInRelease: null,
  fixAwaitsReleaseSince: null,
  fixCommit: null,
  olderReleaseCount: 0,
  olderReleaseLastAt: null,
  regressionCount: 0,
  lastRegressedAt: null,
  environments: ['production'],
  claimedBy: null,
  claimedAt: null,
  claimExpiresAt: null,
});

const transition: StatusTransition = {
  id: 12345678901234n,
  issueId: 1,
  fromStatus: 'FIXED',
  toStatus: 'NEW',
  actor: 'system',
  userId: null,
  note: null,
  details: { reason: 'regression' },
  createdAt: new Date('2026-01-03T00:00:00Z'),
};

describe('event messages', () => {
  it('survive JSON (as through Redis) with dates and big ids intact', () => {
    const event: IssueEvent = { kind: 'REGRESSED', issue: issue(1), transition };
    const wire = JSON.parse(JSON.stringify(toMessage(event))) as IssueEventMessage;
    expect(fromMessage(wire)).toEqual(event);
  });
});

describe('createEventPublisher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = () => {
    const published: IssueEventMessage[] = [];
    const pubsub = { publish: (_topic: string, m: IssueEventMessage) => published.push(m) } as unknown as PubSub;
    return { published, events: createEventPublisher(pubsub) };
  };

  it('publishes CREATED, REGRESSED and STATUS_CHANGED at once', () => {
    const { published, events } = setup();
    events.publish({ kind: 'CREATED', issue: issue(1), transition: null });
    events.publish({ kind: 'STATUS_CHANGED', issue: issue(1), transition });
    expect(published.map((m) => m.kind)).toEqual(['CREATED', 'STATUS_CHANGED']);
  });

  it('holds back OCCURRED to one per issue per second, publishing the newest', () => {
    const { published, events } = setup();
    for (let n = 1; n <= 50; n++) events.publish({ kind: 'OCCURRED', issue: issue(1, n), transition: null });
    events.publish({ kind: 'OCCURRED', issue: issue(2, 7), transition: null });
    expect(published.map((m) => [m.issue.id, m.issue.occurrenceCount])).toEqual([
      [1, 1],
      [2, 7],
    ]);
    vi.advanceTimersByTime(1000);
    expect(published.map((m) => [m.issue.id, m.issue.occurrenceCount])).toEqual([
      [1, 1],
      [2, 7],
      [1, 50],
    ]);
  });

  it('drops a held-back OCCURRED once a newer event of the issue went out', () => {
    const { published, events } = setup();
    events.publish({ kind: 'OCCURRED', issue: issue(1, 1), transition: null });
    events.publish({ kind: 'OCCURRED', issue: issue(1, 2), transition: null });
    events.publish({ kind: 'STATUS_CHANGED', issue: { ...issue(1, 2), status: 'VERIFYING' }, transition });
    vi.advanceTimersByTime(2000);
    expect(published.map((m) => [m.kind, m.issue.status])).toEqual([
      ['OCCURRED', 'NEW'],
      ['STATUS_CHANGED', 'VERIFYING'],
    ]);
  });
});
