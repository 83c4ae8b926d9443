// Issue events: what happened to an issue, with a snapshot of it, published after commit
// so that subscribers never see an uncommitted state. A snapshot rather than an id means a
// thousand subscribers cost no extra queries.
import type { Issue, StatusTransition } from '../generated/prisma/client.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { Coalescer } from '../pubsub/coalesce.ts';

export const EVENT_KINDS = ['CREATED', 'REGRESSED', 'STATUS_CHANGED', 'OCCURRED'] as const;
export type IssueEventKind = (typeof EVENT_KINDS)[number];

export type IssueEvent = { kind: IssueEventKind; issue: Issue; transition: StatusTransition | null };

export type Jsonified<T> = {
  [K in keyof T]: T[K] extends Date
    ? string
    : T[K] extends Date | null
      ? string | null
      : T[K] extends bigint
        ? string
        : T[K];
};

/** The JSON form an event travels in (through Redis too). */
export type IssueEventMessage = {
  kind: IssueEventKind;
  issue: Jsonified<Issue>;
  transition: Jsonified<StatusTransition> | null;
};

type DateKeys<T> = { [K in keyof T]: T[K] extends Date | null ? K : never }[keyof T];
// Every date field of Issue: a missing or an extra one is a type error.
const ISSUE_DATE_FIELDS: Record<DateKeys<Issue>, true> = {
  statusChangedAt: true,
  firstSeen: true,
  lastSeen: true,
  lastRegressedAt: true,
  claimedAt: true,
  claimExpiresAt: true,
  fixAwaitsReleaseSince: true,
  olderReleaseLastAt: true,
};
const ISSUE_DATES = Object.keys(ISSUE_DATE_FIELDS);

export function toMessage(event: IssueEvent): IssueEventMessage {
  return JSON.parse(JSON.stringify(event, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

/** An issue from its JSON form. */
export function reviveIssue(json: Jsonified<Issue>): Issue {
  const issue = { ...json } as unknown as Record<string, unknown>;
  for (const key of ISSUE_DATES) issue[key] = issue[key] == null ? null : new Date(issue[key] as string);
  return issue as unknown as Issue;
}

/** A status transition from its JSON form. */
export function reviveTransition(json: Jsonified<StatusTransition>): StatusTransition {
  return { ...json, id: BigInt(json.id), createdAt: new Date(json.createdAt) };
}

export function fromMessage(message: IssueEventMessage): IssueEvent {
  return {
    kind: message.kind,
    issue: reviveIssue(message.issue),
    transition: message.transition && reviveTransition(message.transition),
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
