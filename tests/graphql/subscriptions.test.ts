// Live issue events over graphql-ws, in one server (in-process pub/sub).
import { afterEach, describe, expect, it, onTestFinished as after } from 'vitest';
import { useServer } from '../helpers/server.ts';
import { report } from '../helpers/http.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { as } from '../testkit/client.ts';
import { subscribe, type Subscription } from '../testkit/subscription.ts';
import { IssueEventMessagesSubscription, IssueEventsSubscription, TransitionIssueMutation } from './operations.ts';
import type { IssueEventsSubscription as Event, IssueEventFilter } from '../generated/graphql.ts';

const server = useServer();
const open: Subscription<Event>[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

let probes = 0;
/** A subscription proven live: a new issue (a probe that the filter lets through) has come through. */
async function liveEvents(project: string, filter: IssueEventFilter = {}, probeSource: 'runtime' | 'cicd' = 'runtime') {
  const events = subscribe(server().url, IssueEventsSubscription, { filter: { projectIds: [project], ...filter } });
  open.push(events);
  await events.ready(
    () => {
      const body = runtimeReport({ project_id: project, source: probeSource }, { type: `Probe${++probes}` });
      return report(server().url, { ...body, context: { job_name: 'probe', step_name: String(probes) } });
    },
    (e) => e.issueEvents.issue.errorType.startsWith('Probe'),
  );
  return events;
}

describe('issueEvents', () => {
  it('pushes a new issue as CREATED, with its project', async () => {
    const events = await liveEvents('sub_created');
    const { body } = await report(server().url, runtimeReport({ project_id: 'sub_created' }, { type: 'FreshError' }));
    const event = await events.next((e) => e.issueEvents.issue.id === body.id);
    expect(event.issueEvents).toEqual({
      kind: 'CREATED',
      issue: {
        id: body.id,
        projectId: 'sub_created',
        status: 'NEW',
        occurrenceCount: 1,
        errorType: 'FreshError',
        project: { name: 'sub_created' },
      },
      transition: null,
    });
  });

  it('pushes status changes with the transition, and a regression as REGRESSED', async () => {
    const events = await liveEvents('sub_flow');
    const body = runtimeReport({ project_id: 'sub_flow' }, { type: 'FlowError' });
    const { id } = (await report(server().url, body)).body;
    for (const to of ['VERIFYING', 'PENDING_FIX', 'FIXING', 'FIXED'] as const) {
      await as(server().url).run(TransitionIssueMutation, { id, to });
      const event = await events.next((e) => e.issueEvents.issue.id === id && e.issueEvents.kind === 'STATUS_CHANGED');
      expect(event.issueEvents).toMatchObject({ issue: { status: to }, transition: { to, actor: 'test' } });
    }
    await report(server().url, body);
    const regressed = await events.next((e) => e.issueEvents.issue.id === id && e.issueEvents.kind === 'REGRESSED');
    expect(regressed.issueEvents).toMatchObject({
      issue: { status: 'NEW', occurrenceCount: 2 },
      transition: { from: 'FIXED', to: 'NEW', actor: 'system' },
    });
  });

  it('coalesces OCCURRED events of a hot issue to at most one per second, keeping the last count', async () => {
    const events = await liveEvents('sub_storm');
    const body = runtimeReport({ project_id: 'sub_storm' }, { type: 'StormError' });
    const { id } = (await report(server().url, body)).body;
    await events.next((e) => e.issueEvents.issue.id === id && e.issueEvents.kind === 'CREATED');
    const start = Date.now();
    for (let i = 0; i < 60; i++) await report(server().url, body);
    const elapsed = Date.now() - start;
    // The last value always arrives: the total count.
    await events.next((e) => e.issueEvents.issue.id === id && e.issueEvents.issue.occurrenceCount === 61, 3000);
    const occurred = events.received.filter((e) => e.issueEvents.issue.id === id && e.issueEvents.kind === 'OCCURRED');
    expect(occurred.length).toBeGreaterThanOrEqual(1);
    expect(occurred.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1000) + 2);
    const counts = occurred.map((e) => e.issueEvents.issue.occurrenceCount);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });

  it('filters by kind, status and source', async () => {
    const events = await liveEvents('sub_filter', { kinds: ['CREATED'], sources: ['cicd'], statuses: ['NEW'] }, 'cicd');
    const cicd = {
      ...runtimeReport({ project_id: 'sub_filter', source: 'cicd' }, { type: 'CiError' }),
      context: { job_name: 'j', step_name: 's' },
    };
    await report(server().url, runtimeReport({ project_id: 'sub_filter' }, { type: 'RuntimeOnly' }));
    const { id } = (await report(server().url, cicd)).body;
    await report(server().url, cicd);
    const event = await events.next((e) => e.issueEvents.issue.id === id);
    expect(event.issueEvents.kind).toBe('CREATED');
    await new Promise((r) => setTimeout(r, 300));
    expect(events.received.every((e) => e.issueEvents.kind === 'CREATED')).toBe(true);
    expect(events.received.some((e) => e.issueEvents.issue.errorType === 'RuntimeOnly')).toBe(false);
  });

  it('gives each subscriber its own selection of one event, whoever else watches', async () => {
    // Executions are shared between subscribers of one operation: these two must not mix.
    const [a, b] = [await liveEvents('sub_shared'), await liveEvents('sub_shared')];
    const messages = subscribe(server().url, IssueEventMessagesSubscription, {
      filter: { projectIds: ['sub_shared'] },
    });
    after(() => messages.close());
    await messages.ready(
      () => report(server().url, runtimeReport({ project_id: 'sub_shared' }, { type: `Probe${++probes}` })),
      () => true,
    );
    const elsewhere = await liveEvents('sub_shared_other');
    const { body } = await report(
      server().url,
      runtimeReport({ project_id: 'sub_shared' }, { type: 'SharedError', message: 'shared once' }),
    );
    const expected = {
      kind: 'CREATED',
      issue: expect.objectContaining({ id: body.id, errorType: 'SharedError' }),
      transition: null,
    };
    expect((await a.next((e) => e.issueEvents.issue.id === body.id)).issueEvents).toEqual(expected);
    expect((await b.next((e) => e.issueEvents.issue.id === body.id)).issueEvents).toEqual(expected);
    expect((await messages.next((e) => e.issueEvents.issue.id === body.id)).issueEvents).toEqual({
      issue: { id: body.id, message: 'shared once' },
    });
    await expect(elsewhere.next((e) => e.issueEvents.issue.id === body.id, 500)).rejects.toThrow();
  });

  it('reports a bad subscription document as an error', async () => {
    const bad = subscribe(server().url, IssueEventsSubscription, { filter: { kinds: ['NOPE' as never] } });
    open.push(bad);
    await expect(bad.next()).rejects.toThrow(/NOPE/);
  });
});
