// Notifications are written to the database first (the outbox). A change that rules may tell
// of leaves a notification_events row in its own transaction (the ingestion routine, status
// changes); any replica's worker turns those rows into deliveries, deleting them in the same
// transaction, and then delivers. So a crash at any point loses no notice of a committed
// change. Per rule, events that come while a message is waiting join it, and a new message
// waits until the rule's interval since the last one has passed: an error storm sends one
// message, not a thousand.
import type { Prisma } from '../generated/prisma/client.ts';
import type { Core } from '../core.ts';
import type { IssueEvent, IssueEventKind } from '../issues/events.ts';
import type { NoticeEvent } from './messages.ts';
import { ruleWants } from './rules.ts';

/** Events listed in one message; the rest are counted. */
export const LISTED_EVENTS = 20;

export function noticeEvent(event: IssueEvent | { kind: 'TEST'; issue: null }): NoticeEvent {
  if (!event.issue) {
    return {
      kind: 'TEST',
      issueId: 0,
      errorType: 'TestNotification',
      message: 'This is a test of the notification rule.',
      status: 'NEW',
      level: 'WARNING',
      source: 'runtime',
      at: new Date().toISOString(),
    };
  }
  const { issue } = event;
  return {
    kind: event.kind,
    issueId: issue.id,
    errorType: issue.errorType,
    message: issue.message,
    status: issue.status,
    level: issue.level,
    source: issue.source,
    from: event.kind === 'STATUS_CHANGED' ? (event.transition?.fromStatus ?? null) : null,
    to: event.kind === 'STATUS_CHANGED' ? (event.transition?.toStatus ?? null) : null,
    at: new Date().toISOString(),
  };
}

type Tx = Prisma.TransactionClient;

/** Adds one event to a rule's waiting message, or starts a new message. Returns the delivery id. */
export async function addToOutbox(
  tx: Tx,
  ruleId: number,
  minIntervalSeconds: number,
  event: NoticeEvent,
  batchDelayMs: number,
): Promise<number> {
  // One writer per rule at a time: the decision below depends on what is already there.
  await tx.$queryRawUnsafe('SELECT id FROM notification_rules WHERE id = $1 FOR UPDATE', ruleId);
  const waiting = await tx.notificationDelivery.findFirst({
    where: { ruleId, status: 'PENDING', attempts: 0 },
    orderBy: { id: 'desc' },
    select: { id: true, eventCount: true },
  });
  if (waiting) {
    await tx.$executeRawUnsafe(
      `UPDATE notification_deliveries
       SET events = CASE WHEN jsonb_array_length(events) < $2 THEN events || $3::jsonb ELSE events END,
           event_count = event_count + 1
       WHERE id = $1`,
      waiting.id,
      LISTED_EVENTS,
      JSON.stringify([event]),
    );
    return waiting.id;
  }
  const last = await tx.notificationDelivery.findFirst({
    where: { ruleId },
    orderBy: { id: 'desc' },
    select: { createdAt: true },
  });
  const earliest = Date.now() + batchDelayMs;
  const afterInterval = last ? last.createdAt.getTime() + minIntervalSeconds * 1000 : 0;
  const delivery = await tx.notificationDelivery.create({
    data: { ruleId, events: [event], eventCount: 1, nextAttemptAt: new Date(Math.max(earliest, afterInterval)) },
    select: { id: true },
  });
  return delivery.id;
}

/** Changes taken from notification_events per transaction. */
const EVENTS_PER_ROUND = 100;

type Noted = { id: bigint; issue_id: number; kind: Exclude<IssueEventKind, 'OCCURRED'>; transition_id: bigint | null };

/**
 * Turns waiting notification events into deliveries of the rules that want them, in one
 * transaction with their deletion; other replicas skip the rows this one holds. Returns how
 * many events it took.
 */
export async function queueNotifications(core: Core, batchDelayMs: number): Promise<number> {
  return core.prisma.$transaction(async (tx) => {
    const noted = await tx.$queryRawUnsafe<Noted[]>(
      `DELETE FROM notification_events WHERE id IN
         (SELECT id FROM notification_events ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, issue_id, kind, transition_id`,
      EVENTS_PER_ROUND,
    );
    if (noted.length === 0) return 0;
    const issues = new Map(
      (await tx.issue.findMany({ where: { id: { in: noted.map((n) => n.issue_id) } } })).map((i) => [i.id, i]),
    );
    const transitionIds = noted.flatMap((n) => (n.transition_id === null ? [] : [n.transition_id]));
    const transitions = new Map(
      (await tx.statusTransition.findMany({ where: { id: { in: transitionIds } } })).map((t) => [t.id, t]),
    );
    const queued: { ruleId: number; minIntervalSeconds: number; notice: NoticeEvent }[] = [];
    for (const n of noted.sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const issue = issues.get(n.issue_id);
      if (!issue) continue;
      const event: IssueEvent = {
        kind: n.kind,
        issue,
        transition: n.transition_id === null ? null : (transitions.get(n.transition_id) ?? null),
      };
      for (const rule of (await core.rules.forProject(issue.projectId)).filter((r) => ruleWants(r, event))) {
        queued.push({ ruleId: rule.id, minIntervalSeconds: rule.minIntervalSeconds, notice: noticeEvent(event) });
      }
    }
    // Rules locked in one order by every replica, so that two rounds cannot deadlock.
    for (const q of queued.sort((a, b) => a.ruleId - b.ruleId))
      await addToOutbox(tx, q.ruleId, q.minIntervalSeconds, q.notice, batchDelayMs);
    return noted.length;
  });
}
