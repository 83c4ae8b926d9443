// Build logs in GraphQL against the real server: builds with steps, lines as a connection by
// line number, search, the CI issue's link to its build, and the live tail over graphql-ws
// (catch-up, then live, then completion) with nothing lost or repeated at the seam.
import { describe, expect } from 'vitest';
import { test } from '../testkit/test.ts';
import { numberedLines } from '../testkit/seed.ts';
import { subscribe } from '../testkit/subscription.ts';
import { as } from '../testkit/client.ts';
import { report } from '../helpers/http.ts';
import { fixture } from '../helpers/fixtures.ts';
import {
  BuildChangedSubscription,
  BuildLogSubscription,
  BuildQuery,
  BuildSearchQuery,
  BuildsQuery,
  OccurrenceBuildQuery,
} from './operations.ts';

const P = 'builds_graphql';
const numbers = (lines: { lineNo: number }[]) => lines.map((l) => l.lineNo);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('a build in GraphQL', () => {
  test('has its steps and its lines by line number, forwards from a cursor or from the tail', async ({ gql, seed }) => {
    const b = seed.project(P).build();
    await b.append({ tag: 'install', lines: numberedLines(1, 10) });
    await b.append({ tag: 'test', lines: numberedLines(11, 20) });
    await b.finish('failure', 'test');
    const key = { projectId: P, pipeline: b.pipeline, build: b.number };

    const first = (await gql.run(BuildQuery, { ...key, first: 4, after: '2' })).build!;
    expect(first).toMatchObject({ status: 'RUNNING', lineCount: 20, executeCount: 1 });
    expect(first.steps).toEqual([
      { tag: 'install', status: 'RUNNING', lineCount: 10, firstLineNo: 1, lastLineNo: 10 },
      { tag: 'test', status: 'FAILURE', lineCount: 10, firstLineNo: 11, lastLineNo: 20 },
    ]);
    expect(first.failingStep).toEqual({ tag: 'test', lastLineNo: 20 });
    expect(first.lines.edges.map((e) => e.node.lineNo)).toEqual([3, 4, 5, 6]);
    expect(first.lines.edges[0]).toMatchObject({ cursor: '3', node: { message: 'line 3', tag: 'install' } });
    expect(first.lines.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true, endCursor: '6' });

    const tail = (await gql.run(BuildQuery, { ...key, last: 3 })).build!;
    expect(tail.lines.edges.map((e) => e.node.lineNo)).toEqual([18, 19, 20]);
    expect(tail.lines.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false, startCursor: '18' });

    const step = (await gql.run(BuildQuery, { ...key, first: 100, tag: 'test' })).build!;
    expect(step.lines.edges.map((e) => e.node.lineNo)).toEqual(range(11, 20));

    const refused = await gql.execute(BuildQuery, { ...key, first: 100_000 });
    expect(refused.expectErrors(/first/)[0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('finds text in its lines, forwards and backwards', async ({ gql, seed }) => {
    const b = seed.project(P).build();
    await b.append({
      lines: [
        { message: 'ok' },
        { message: '\u001b[31mERROR\u001b[0m: one' },
        { message: 'ok' },
        { message: 'error two' },
      ],
    });
    const key = { projectId: P, pipeline: b.pipeline, build: b.number };
    const find = async (after: number, backwards = false) =>
      (await gql.run(BuildSearchQuery, { ...key, text: 'error', after, backwards })).build!.search;
    expect(await find(0)).toBe(2);
    expect(await find(2)).toBe(4);
    expect(await find(4)).toBeNull();
    expect(await find(4, true)).toBe(2);
  });

  test('is listed newest first, by pipeline and status, and its pipelines with their last build', async ({
    gql,
    seed,
  }) => {
    const project = seed.project('builds_list');
    const one = project.build('Lint');
    const two = project.build('Lint');
    const three = project.build('Deploy');
    for (const b of [one, two, three]) await b.append({ message: 'x' });
    await two.finish('failure');

    const { builds, pipelines } = await gql.run(BuildsQuery, { projectId: 'builds_list' });
    expect(builds.edges.map((e) => e.node.number)).toEqual([three.number, two.number, one.number]);
    expect(pipelines).toEqual([
      { name: 'Deploy', buildCount: 1, lastBuild: { number: three.number } },
      { name: 'Lint', buildCount: 2, lastBuild: { number: two.number } },
    ]);
    const failed = await gql.run(BuildsQuery, { projectId: 'builds_list', status: 'FAILURE' });
    expect(failed.builds.edges.map((e) => e.node.number)).toEqual([two.number]);
    const paged = await gql.run(BuildsQuery, { projectId: 'builds_list', first: 2 });
    expect(paged.builds.pageInfo.hasNextPage).toBe(true);
  });

  test('is what a CI report of its run links to', async ({ server, gql, seed }) => {
    const ci = fixture('seed-000/cicd.json') as { context: Record<string, string> };
    const projectId = 'builds_ci_link';
    const b = seed.project(projectId).build(ci.context.workflow!, ci.context.run_id!);
    await b.append({ tag: 'build', message: 'npm ERR! failed' });
    await b.finish('failure', 'build');
    const { body } = await report(server.url, { ...ci, project_id: projectId });
    const { issue } = await gql.run(OccurrenceBuildQuery, { id: body.id });
    expect(issue!.occurrences.edges[0]!.node.build).toEqual({
      pipeline: 'Build and Deploy',
      number: '24',
      failingStep: { tag: 'build' },
    });
  });

  test('is for readers only', async ({ server, seed }) => {
    const b = seed.project(P).build();
    await b.append({ message: 'x' });
    const anonymous = await as(server.url, { token: null }).execute(BuildQuery, {
      projectId: P,
      pipeline: b.pipeline,
      build: b.number,
    });
    expect(anonymous.expectErrors()[0]!.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the live build log', () => {
  test('sends what exists, then each batch as it is committed, every line once, and completes when the build ends', async ({
    server,
    seed,
  }) => {
    const b = seed.project(P).build();
    await b.append({ lines: numberedLines(1, 2500) });
    const live = subscribe(server.url, BuildLogSubscription, {
      projectId: P,
      pipeline: b.pipeline,
      build: b.number,
      fromLine: 1,
    });
    try {
      // Writers race the catch-up: their lines land before, during and after it.
      const writes = Array.from({ length: 20 }, (_, i) =>
        b.append({ lines: numberedLines(1, 50, { jobId: `w${i}` }) }),
      );
      await Promise.all(writes);
      await b.append({ lines: numberedLines(3501, 3600) });
      await b.finish('success');
      await live.completed();
      const lines = live.received.flatMap((e) => e.buildLog.lines);
      expect(numbers(lines)).toEqual(range(1, 3600));
      expect(live.received.at(-1)!.buildLog.status).toBe('SUCCESS');
    } finally {
      await live.close();
    }
  });

  test('from a line, of one step: only those lines; a finished build completes after its catch-up', async ({
    server,
    seed,
  }) => {
    const b = seed.project(P).build();
    await b.append({ lines: [...numberedLines(1, 5, { tag: 'a' }), ...numberedLines(6, 10, { tag: 'b' })] });
    await b.finish('success');
    const live = subscribe(server.url, BuildLogSubscription, {
      projectId: P,
      pipeline: b.pipeline,
      build: b.number,
      fromLine: 3,
      tag: 'a',
    });
    try {
      await live.completed();
      expect(numbers(live.received.flatMap((e) => e.buildLog.lines))).toEqual([3, 4, 5]);
    } finally {
      await live.close();
    }
  });

  test('viewers who opened it at different lines, or one step, each get exactly their lines', async ({
    server,
    seed,
  }) => {
    const b = seed.project(P).build();
    await b.append({ lines: numberedLines(1, 100, { tag: 'a' }) });
    const key = { projectId: P, pipeline: b.pipeline, build: b.number };
    // Alike but for fromLine or tag: the first two share each batch's execution once caught up.
    const viewers = [
      subscribe(server.url, BuildLogSubscription, { ...key, fromLine: 1 }),
      subscribe(server.url, BuildLogSubscription, { ...key, fromLine: 60 }),
      subscribe(server.url, BuildLogSubscription, { ...key, fromLine: 1, tag: 'b' }),
    ];
    try {
      for (let from = 101; from <= 400; from += 50)
        await b.append({ lines: numberedLines(from, from + 49, { tag: from % 100 === 1 ? 'a' : 'b' }) });
      await b.finish('success');
      await Promise.all(viewers.map((v) => v.completed()));
      const got = viewers.map((v) => numbers(v.received.flatMap((e) => e.buildLog.lines)));
      const stepB = [151, 251, 351].flatMap((from) => range(from, from + 49));
      expect(got).toEqual([range(1, 400), range(60, 400), stepB]);
    } finally {
      await Promise.all(viewers.map((v) => v.close()));
    }
  });

  test('tells of builds as they start and end', async ({ server, seed }) => {
    const changes = subscribe(server.url, BuildChangedSubscription, { projectId: 'builds_changes' });
    try {
      const project = seed.project('builds_changes');
      let probe = project.build();
      await changes.ready(
        async () => {
          probe = project.build();
          await probe.append({ message: 'hello' });
        },
        (e) => e.buildChanged.number === probe.number,
      );
      await probe.finish('cancelled');
      const ended = await changes.next((e) => e.buildChanged.status === 'CANCELLED');
      expect(ended.buildChanged.number).toBe(probe.number);
    } finally {
      await changes.close();
    }
  });
});
