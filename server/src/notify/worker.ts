// Delivers what the outbox holds, on every replica: first the changes noted for notification
// become deliveries (notify/outbox.ts), then each delivery is claimed by exactly one
// worker (FOR UPDATE SKIP LOCKED), sent, and every attempt recorded; failures are retried
// with backoff, then given up. A delivery left SENDING by a crashed replica is taken again.
import type { Core } from '../core.ts';
import type { NotificationDelivery } from '../generated/prisma/client.ts';
import { DeliveryError, send, type ChannelConfig } from './channels.ts';
import type { Notice, NoticeEvent } from './messages.ts';
import { queueNotifications } from './outbox.ts';

export type WorkerConfig = ChannelConfig & {
  intervalMs: number;
  /** Events within this many milliseconds of a message's first go into it. */
  batchDelayMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  dashboardUrl: string | undefined;
};

const STALE_SENDING_MS = 120_000;

async function claim(core: Core): Promise<NotificationDelivery[]> {
  return core.prisma.$queryRawUnsafe<NotificationDelivery[]>(
    `UPDATE notification_deliveries d SET status = 'SENDING', attempts = d.attempts + 1, next_attempt_at = now()
     FROM (SELECT id FROM notification_deliveries
           WHERE (status = 'PENDING' AND next_attempt_at <= now())
              OR (status = 'SENDING' AND next_attempt_at <= now() - $1 * interval '1 millisecond')
           ORDER BY next_attempt_at LIMIT 10 FOR UPDATE SKIP LOCKED) due
     WHERE d.id = due.id
     RETURNING d.id, d.rule_id AS "ruleId", d.events, d.event_count AS "eventCount", d.attempts`,
    STALE_SENDING_MS,
  );
}

export async function deliverOne(
  core: Core,
  delivery: Pick<NotificationDelivery, 'id' | 'ruleId' | 'events' | 'eventCount' | 'attempts'>,
  config: WorkerConfig,
) {
  const rule = await core.prisma.notificationRule.findUnique({
    where: { id: delivery.ruleId },
    include: { project: true },
  });
  if (!rule) return;
  const notice: Notice = {
    deliveryId: delivery.id,
    rule: { id: rule.id, name: rule.name },
    project: { id: rule.project.id, name: rule.project.name },
    events: delivery.events as unknown as NoticeEvent[],
    count: delivery.eventCount,
    dashboardUrl: config.dashboardUrl ?? null,
  };
  const started = Date.now();
  let error: DeliveryError | null = null;
  let responseStatus: number | null;
  try {
    ({ responseStatus } = await send(rule, notice, config));
  } catch (err) {
    error = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message);
    responseStatus = error.responseStatus;
  }
  const durationMs = Date.now() - started;
  const givingUp = error !== null && delivery.attempts >= config.maxAttempts;
  await core.prisma.$transaction([
    core.prisma.notificationAttempt.create({
      data: {
        deliveryId: delivery.id,
        attempt: delivery.attempts,
        ok: !error,
        responseStatus,
        error: error?.message ?? null,
        durationMs,
      },
    }),
    core.prisma.notificationDelivery.update({
      where: { id: delivery.id },
      data: !error
        ? { status: 'SENT', sentAt: new Date(), lastError: null }
        : givingUp
          ? { status: 'FAILED', lastError: error.message }
          : {
              status: 'PENDING',
              lastError: error.message,
              nextAttemptAt: new Date(Date.now() + config.retryBaseMs * 2 ** (delivery.attempts - 1)),
            },
    }),
  ]);
  const log = {
    event: error ? 'notify.failed' : 'notify.sent',
    deliveryId: delivery.id,
    ruleId: rule.id,
    channel: rule.channel,
    attempt: delivery.attempts,
    durationMs,
  };
  if (error) core.logger.warn({ ...log, err: error.message, givingUp }, 'notification not delivered');
  else core.logger.info(log, 'notification delivered');
}

/** Runs until the returned stop function is called (which waits for the current round). */
export function startNotificationWorker(core: Core, config: WorkerConfig): () => Promise<void> {
  let stopped = false;
  let round: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    round = (async () => {
      try {
        while (!stopped && (await queueNotifications(core, config.batchDelayMs)) > 0);
        for (let due = await claim(core); due.length && !stopped; due = await claim(core)) {
          await Promise.all(due.map((d) => deliverOne(core, d, config)));
        }
      } catch (err) {
        core.logger.error({ err, event: 'notify.worker_failed' }, 'notification worker round failed');
      }
      if (!stopped) timer = setTimeout(tick, config.intervalMs);
    })();
  };
  timer = setTimeout(tick, config.intervalMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await round;
  };
}
