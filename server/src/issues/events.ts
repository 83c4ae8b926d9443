// Issue events: what happened to an issue, with a snapshot of it, published after commit
// so that subscribers never see an uncommitted state. A snapshot rather than an id means a
// thousand subscribers cost no extra queries.
import type { Issue, StatusTransition } from '../generated/prisma/client.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { Coalescer } from '../pubsub/coalesce.ts';

export const EVENT_KINDS = ['CREATED', 'REGRESSED', 'STATUS_CHANGED', 'OCCURRED'] as const;
export type IssueEventKind = (typeof EVENT_KINDS)[number];

export type IssueEvent = { kind: IssueEventKind; issue: Issue; transition: StatusTransition | null };

type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] extends bigint ? string : T[K] };

/** The JSON form an event travels in (through Redis too). */
export type IssueEventMessage = {
  kind: IssueEventKind;
  issue: Jsonified<Issue>;
  transition: Jsonified<StatusTransition> | null;
};

const ISSUE_DATES = ['statusChangedAt', 'firstSeen', 'lastSeen', 'lastRegressedAt', 'claimedAt', 'claimExpiresAt'] as const;

export function toMessage(event: IssueEvent): IssueEventMessage {
  return JSON.parse(JSON.stringify(event, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

export function fromMessage(message: IssueEventMessage): IssueEvent {
  const issue = { ...message.issue } as unknown as Record<string, unknown>;
  for (const key of ISSUE_DATES) issue[key] = issue[key] == null ? null : new Date(issue[key] as string);
  const t = message.transition;
  return {
    kind: message.kind,
    issue: issue as unknown as Issue,
    transition: t && { ...t, id: BigInt(t.id), createdAt: new Date(t.createdAt) },
  };
}

/** Minimum time between two OCCURRED events of one issue, so an error storm cannot flood clients. */
export const OCCURRED_WINDOW_MS = 1000;

export type EventPublisher = { publish(event: IssueEvent): void; close(): void };

export function createEventPublisher(pubsub: PubSub): EventPublisher {
  const occurred = new Coalescer<number, IssueEvent>(OCCURRED_WINDOW_MS, (event) =>
    pubsub.publish('issue:event', toMessage(event)),
  );
  return {
    publish(event) {
      if (event.kind === 'OCCURRED') return occurred.offer(event.issue.id, event);
      // This event carries a newer snapshot than a held-back OCCURRED one would.
      occurred.drop(event.issue.id);
      pubsub.publish('issue:event', toMessage(event));
    },
    close: () => occurred.close(),
  };
}
