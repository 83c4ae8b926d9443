// Live subscriptions: issue events for dashboards and tools, and the PENDING_FIX feed for
// repair agents. Both read the shared event stream (Redis across replicas).
import { Repeater } from '@repeaterjs/repeater';
import type { Issue } from '../generated/prisma/client.ts';
import type { IssueStatus, Source } from '../generated/prisma/enums.ts';
import {
  fromMessage,
  OCCURRED_WINDOW_MS,
  type IssueEvent,
  type IssueEventKind,
  type IssueEventMessage,
} from '../issues/events.ts';
import { Coalescer } from '../pubsub/coalesce.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import type { Core } from '../core.ts';
import { builder } from './builder.ts';
import { IssueEventKindEnum, IssueStatusEnum, SourceEnum } from './enums.ts';
import { IssueType, StatusTransitionType } from './issue.ts';

export type EventFilter = {
  projectIds?: string[] | null;
  statuses?: IssueStatus[] | null;
  sources?: Source[] | null;
  kinds?: IssueEventKind[] | null;
};

const allows = <T>(list: T[] | null | undefined, value: T) => !list?.length || list.includes(value);

export function matches(filter: EventFilter, { kind, issue }: IssueEvent): boolean {
  return (
    allows(filter.kinds, kind) &&
    allows(filter.projectIds, issue.projectId) &&
    allows(filter.statuses, issue.status) &&
    allows(filter.sources, issue.source)
  );
}

// Pub/sub hands every subscriber of the process the same message: decoded once, it is one
// event object, whose execution results subscribers can then share (shared-execution.ts).
const decoded = new WeakMap<IssueEventMessage, IssueEvent>();
function decode(message: IssueEventMessage): IssueEvent {
  let event = decoded.get(message);
  if (!event) decoded.set(message, (event = fromMessage(message)));
  return event;
}

/**
 * The events matching `filter`. OCCURRED events are limited here too, per subscriber, to
 * one per issue per second: each replica limits what it publishes, but several replicas
 * together could still exceed it.
 */
export function issueEventStream(pubsub: PubSub, filter: EventFilter): AsyncIterable<IssueEvent> {
  return new Repeater<IssueEvent>(async (push, stop) => {
    const source = pubsub.subscribe('issue:event');
    const occurred = new Coalescer<number, IssueEvent>(OCCURRED_WINDOW_MS, (event) => void push(event));
    stop.then(() => {
      occurred.close();
      void source.return?.();
    });
    for await (const message of source) {
      const event = decode(message);
      if (!matches(filter, event)) continue;
      if (event.kind === 'OCCURRED') {
        occurred.offer(event.issue.id, event);
      } else {
        occurred.drop(event.issue.id);
        await push(event);
      }
    }
  });
}

/** Issues already PENDING_FIX (when asked), then each issue as it enters PENDING_FIX. */
export function pendingFixStream(
  core: Core,
  projectId: string | null | undefined,
  includeBacklog: boolean,
): AsyncIterable<Issue> {
  return new Repeater<Issue>(async (push, stop) => {
    // Subscribe before reading the backlog so that nothing entering meanwhile is missed.
    const live = issueEventStream(core.pubsub, {
      kinds: ['STATUS_CHANGED'],
      statuses: ['PENDING_FIX'],
      projectIds: projectId ? [projectId] : null,
    })[Symbol.asyncIterator]();
    stop.then(() => void live.return?.());
    const sent = new Map<number, Date>();
    if (includeBacklog) {
      const backlog = await core.prisma.issue.findMany({
        where: { status: 'PENDING_FIX', ...(projectId ? { projectId } : {}) },
        orderBy: [{ statusChangedAt: 'asc' }, { id: 'asc' }],
      });
      for (const issue of backlog) {
        sent.set(issue.id, issue.statusChangedAt);
        await push(issue);
      }
    }
    for (let next = await live.next(); !next.done; next = await live.next()) {
      const { issue } = next.value;
      // Already sent from the backlog in this very state.
      if ((sent.get(issue.id)?.getTime() ?? -1) >= issue.statusChangedAt.getTime()) continue;
      await push(issue);
    }
  });
}

const IssueEventType = builder.objectRef<IssueEvent>('IssueEvent').implement({
  description: 'Something happened to an issue; `issue` is its state right after.',
  fields: (t) => ({
    kind: t.expose('kind', { type: IssueEventKindEnum }),
    issue: t.field({ type: IssueType, resolve: (e) => e.issue }),
    transition: t.field({
      type: StatusTransitionType,
      nullable: true,
      description: 'The status change, for STATUS_CHANGED and REGRESSED.',
      resolve: (e) => e.transition,
    }),
  }),
});

const IssueEventFilterInput = builder.inputType('IssueEventFilter', {
  description: 'All given conditions must hold; statuses and sources apply to the issue after the event.',
  fields: (t) => ({
    projectIds: t.stringList(),
    statuses: t.field({ type: [IssueStatusEnum] }),
    sources: t.field({ type: [SourceEnum] }),
    kinds: t.field({ type: [IssueEventKindEnum] }),
  }),
});

builder.subscriptionFields((t) => ({
  issueEvents: t.field({
    type: IssueEventType,
    description:
      'New and regressed issues, status changes, and occurrences (at most one OCCURRED per issue per second).',
    args: { filter: t.arg({ type: IssueEventFilterInput }) },
    subscribe: (_root, { filter }, ctx) => issueEventStream(ctx.core.pubsub, filter ?? {}),
    resolve: (event) => event,
  }),
  pendingFixIssues: t.field({
    type: IssueType,
    description:
      'For repair agents: the issues waiting for a fix (with `includeBacklog`), then each issue as it enters PENDING_FIX — including issues whose claim expired or was released. Claim one with `claimIssue`.',
    args: {
      projectId: t.arg.string(),
      includeBacklog: t.arg.boolean({ defaultValue: true, required: true }),
    },
    subscribe: (_root, { projectId, includeBacklog }, ctx) => pendingFixStream(ctx.core, projectId, includeBacklog),
    resolve: (issue) => issue,
  }),
}));
