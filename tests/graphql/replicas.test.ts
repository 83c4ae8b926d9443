// Two server processes sharing one PostgreSQL database and one Redis: events raised on one
// reach subscribers on the other, and claims stay exclusive across them.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { report } from '../helpers/http.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { as } from '../testkit/client.ts';
import { subscribe } from '../testkit/subscription.ts';
import { ClaimIssueMutation, IssueEventsSubscription, TransitionIssueMutation } from './operations.ts';
import { CreateRule, RuleDeliveries } from '../notifications/operations.ts';

let database: TestDatabase;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  database = await createDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject('redisUrl'), DB_POOL_SIZE: '4' };
  [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

let probes = 0;
/** Subscribes on `on`, proving it live with probe reports sent to `via`. */
async function eventsOn(on: ServerProcess, via: ServerProcess, project: string) {
  const events = subscribe(on.url, IssueEventsSubscription, { filter: { projectIds: [project] } });
  await events.ready(
    () => report(via.url, runtimeReport({ project_id: project }, { type: `Probe${++probes}` })),
    (e) => e.issueEvents.issue.errorType.startsWith('Probe'),
  );
  return events;
}

describe('two replicas', { timeout: 60_000 }, () => {
  it('share events through Redis', () => {
    expect(a.output()).toContain('"pubsub":"redis"');
    expect(b.output()).toContain('"pubsub":"redis"');
  });

  it('a report sent to A reaches a subscriber on B', async () => {
    const events = await eventsOn(b, a, 'replica_report');
    try {
      const { body } = await report(a.url, runtimeReport({ project_id: 'replica_report' }, { type: 'AcrossError' }));
      const event = await events.next((e) => e.issueEvents.issue.id === body.id);
      expect(event.issueEvents).toMatchObject({ kind: 'CREATED', issue: { errorType: 'AcrossError', status: 'NEW' } });
    } finally {
      await events.close();
    }
  });

  it('a subscriber on the replica that raised an event gets it once, not again from Redis', async () => {
    const events = await eventsOn(a, a, 'replica_once');
    try {
      const { body } = await report(a.url, runtimeReport({ project_id: 'replica_once' }, { type: 'OnceError' }));
      await events.next((e) => e.issueEvents.issue.id === body.id);
      // Long enough for an echo through Redis to arrive (it takes a millisecond or two).
      await new Promise((r) => setTimeout(r, 500));
      expect(events.received.filter((e) => e.issueEvents.issue.id === body.id)).toHaveLength(1);
    } finally {
      await events.close();
    }
  });

  it('a transition made on B reaches a subscriber on A', async () => {
    const events = await eventsOn(a, b, 'replica_move');
    try {
      const { id } = (await report(a.url, runtimeReport({ project_id: 'replica_move' }, { type: 'MoveError' }))).body;
      const moved = await as(b.url).run(TransitionIssueMutation, { id, to: 'VERIFYING', note: 'from B' });
      expect(moved.transitionIssue.__typename).toBe('TransitionResult');
      const event = await events.next((e) => e.issueEvents.issue.id === id && e.issueEvents.kind === 'STATUS_CHANGED');
      expect(event.issueEvents).toMatchObject({
        issue: { status: 'VERIFYING' },
        transition: { from: 'NEW', to: 'VERIFYING' },
      });
    } finally {
      await events.close();
    }
  });

  it('20 parallel claims across both replicas: exactly one wins', async () => {
    const { id } = (await report(a.url, runtimeReport({ project_id: 'replica_claim' }, { type: 'ClaimError' }))).body;
    for (const to of ['VERIFYING', 'PENDING_FIX'] as const) await as(a.url).run(TransitionIssueMutation, { id, to });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        as(i % 2 ? a.url : b.url).run(ClaimIssueMutation, { id, agentId: `agent-${i}`, leaseSeconds: 60 }),
      ),
    );
    const kinds = results.map((r) => r.claimIssue.__typename);
    expect(kinds.filter((k) => k === 'TransitionResult')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'ClaimConflictError')).toHaveLength(19);
  });

  it('a notification rule created on A applies at once to reports that reach B', async () => {
    const project = 'replica_rule';
    // B looks up the project's rules (there are none) and keeps the answer.
    await report(b.url, runtimeReport({ project_id: project }, { type: 'BeforeRule' }));
    const { createNotificationRule: rule } = await as(a.url).run(CreateRule, {
      projectId: project,
      input: { name: 'replica rule', channel: 'WEBHOOK', target: 'http://127.0.0.1:9/hook' },
    });
    expect(rule.__typename).toBe('NotificationRule');
    // B's copy was cleared through Redis: the new issue is queued for the rule well
    // before B's copy would have expired by itself.
    await new Promise((r) => setTimeout(r, 300));
    await report(b.url, runtimeReport({ project_id: project }, { type: 'AfterRule' }));
    // The outbox is written after the report is answered.
    const queued = async () => {
      const { project: p } = await as(a.url).run(RuleDeliveries, { projectId: project });
      return p!.notificationRules[0]!.deliveries.edges.map((e) => e.node.events);
    };
    await expect
      .poll(queued, { timeout: 5000 })
      .toEqual([[expect.objectContaining({ kind: 'CREATED', errorType: 'AfterRule' })]]);
  });
});
