// Notifications are written to the database first (the outbox), by the process that made
// the change, after its commit; any replica's worker then delivers them. Per rule, events
// that come while a message is waiting join it, and a new message waits until the rule's
// interval since the last one has passed: an error storm sends one message, not a thousand.
import type { Prisma } from '../generated/prisma/client.ts';
import type { Core } from '../core.ts';
import type { IssueEvent } from '../issues/events.ts';
import type { NoticeEvent } from './messages.ts';
import { ruleWants } from './rules.ts';

/** Events listed in one message; the rest are counted. */
export const LISTED_EVENTS = 20;

export function noticeEvent(event: IssueEvent | { kind: 'TEST'; issue: null }): NoticeEvent {
  if (!event.issue) {
    return { kind: 'TEST', issueId: 0, errorType: 'TestNotification', message: 'This is a test of the notification rule.', status: 'NEW', level: 'WARNING', source: 'runtime', at: new Date().toISOString() };
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
export async function addToOutbox(tx: Tx, ruleId: number, minIntervalSeconds: number, event: NoticeEvent, batchDelayMs: number): Promise<number> {
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
  const last = await tx.notificationDelivery.findFirst({ where: { ruleId }, orderBy: { id: 'desc' }, select: { createdAt: true } });
  const earliest = Date.now() + batchDelayMs;
  const afterInterval = last ? last.createdAt.getTime() + minIntervalSeconds * 1000 : 0;
  const delivery = await tx.notificationDelivery.create({
    data: { ruleId, events: [event], eventCount: 1, nextAttemptAt: new Date(Math.max(earliest, afterInterval)) },
    select: { id: true },
  });
  return delivery.id;
}

/** After a committed change: queue the notifications it calls for. Never throws. */
export async function enqueueNotifications(core: Core, event: IssueEvent, batchDelayMs: number) {
  if (event.kind === 'OCCURRED') return;
  try {
    const rules = await core.rules.forProject(event.issue.projectId);
    const wanted = rules.filter((rule) => ruleWants(rule, event));
    for (const rule of wanted) {
      await core.prisma.$transaction((tx) => addToOutbox(tx, rule.id, rule.minIntervalSeconds, noticeEvent(event), batchDelayMs));
    }
  } catch (err) {
    core.logger.error({ err, event: 'notify.enqueue_failed', issueId: event.issue.id }, 'queueing notifications failed');
  }
}
