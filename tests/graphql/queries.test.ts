// Reading through GraphQL: projects with counts, the issue list with filters, search,
// ordering and paging, issue detail, and statistics.
import { beforeAll, describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.ts';
import { report } from '../helpers/http.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import fc from 'fast-check';
import { as } from '../testkit/client.ts';
import { repeatTo, WORST_PIECES } from '../helpers/hostile.ts';
import { IssueQuery, IssuesQuery, ProjectQuery, ProjectsQuery, StatsQuery } from './operations.ts';
import type { IssuesQueryVariables } from '../generated/graphql.ts';

// Background loops (claim sweeper, notification worker) off: their queries would be counted.
const server = useServer({ LOG_SQL: 'true', CLAIM_SWEEP_INTERVAL_MS: '3600000', NOTIFY_POLL_MS: '3600000' });
const prisma = () => server().app.db.prisma;

type Seeded = { id: number };
const ids: Record<string, number> = {};

async function seed(name: string, body: ReturnType<typeof runtimeReport>, times = 1): Promise<Seeded> {
  let id = 0;
  for (let i = 0; i < times; i++) id = (await report(server().url, body)).body.id;
  ids[name] = id;
  return { id };
}

beforeAll(async () => {
  await seed(
    'alphaTypeError',
    runtimeReport(
      { project_id: 'gq_alpha', timestamp: '2026-03-01T10:00:00Z' },
      { type: 'TypeError', message: 'cannot read id', line_number: 1 },
    ),
    3,
  );
  await seed(
    'alphaKeyError',
    runtimeReport(
      { project_id: 'gq_alpha', environment: 'staging', timestamp: '2026-03-02T10:00:00Z', level: 'CRITICAL' },
      { type: 'KeyError', message: 'user_id missing', file_path: 'apps/users/views.py', line_number: 2 },
    ),
  );
  await seed(
    'alphaCicd',
    {
      ...runtimeReport(
        { project_id: 'gq_alpha', source: 'cicd', environment: 'main', timestamp: '2026-03-03T10:00:00Z' },
        { type: 'DockerBuildError', message: 'build failed' },
      ),
      context: { job_name: 'build', step_name: 'docker' },
    } as never,
    2,
  );
  await seed(
    'betaValueError',
    runtimeReport(
      { project_id: 'gq_beta', timestamp: '2026-03-04T10:00:00Z', level: 'WARNING' },
      { type: 'ValueError', message: 'bad literal', line_number: 3 },
    ),
  );
  await prisma().issue.update({ where: { id: ids.alphaKeyError! }, data: { status: 'VERIFYING' } });
});

describe('projects', () => {
  it('lists projects with issue counts by status', async () => {
    const { projects } = await as(server().url).run(ProjectsQuery);
    const alpha = projects.find((p) => p.id === 'gq_alpha')!;
    expect(alpha.issueCounts.total).toBe(3);
    expect(alpha.issueCounts.byStatus.map((s) => s.status)).toEqual([
      'NEW',
      'VERIFYING',
      'CANNOT_REPRODUCE',
      'PENDING_FIX',
      'FIXING',
      'FIXED',
      'VERIFIED',
      'DEPLOYED',
      'FIX_FAILED',
    ]);
    expect(alpha.issueCounts.byStatus.filter((s) => s.count > 0)).toEqual([
      { status: 'NEW', count: 2 },
      { status: 'VERIFYING', count: 1 },
    ]);
  });

  it('reads one project, or null when unknown', async () => {
    expect((await as(server().url).run(ProjectQuery, { id: 'gq_beta' })).project?.issueCounts.total).toBe(1);
    expect((await as(server().url).run(ProjectQuery, { id: 'nope' })).project).toBeNull();
  });
});

describe('issues', () => {
  const list = async (variables: IssuesQueryVariables) => (await as(server().url).run(IssuesQuery, variables)).issues;
  const idsOf = (conn: Awaited<ReturnType<typeof list>>) => conn.edges.map((e) => e.node.id);

  it('filters by project, status, source, level and environment', async () => {
    expect(idsOf(await list({ filter: { projectIds: ['gq_beta'] } }))).toEqual([ids.betaValueError]);
    expect(idsOf(await list({ filter: { projectIds: ['gq_alpha'], statuses: ['VERIFYING'] } }))).toEqual([
      ids.alphaKeyError,
    ]);
    expect(idsOf(await list({ filter: { projectIds: ['gq_alpha'], sources: ['cicd'] } }))).toEqual([ids.alphaCicd]);
    expect(
      idsOf(await list({ filter: { projectIds: ['gq_alpha', 'gq_beta'], levels: ['WARNING', 'CRITICAL'] } })).sort(),
    ).toEqual([ids.alphaKeyError, ids.betaValueError].sort());
    expect(idsOf(await list({ filter: { projectIds: ['gq_alpha'], environment: 'staging' } }))).toEqual([
      ids.alphaKeyError,
    ]);
  });

  it('searches type, message and file, case-insensitively', async () => {
    expect(idsOf(await list({ filter: { projectIds: ['gq_alpha'], search: 'USER_ID' } }))).toEqual([ids.alphaKeyError]);
    expect(idsOf(await list({ filter: { projectIds: ['gq_alpha'], search: 'views.py' } }))).toEqual([
      ids.alphaKeyError,
    ]);
    expect(idsOf(await list({ filter: { search: 'dockerbuild' } }))).toEqual([ids.alphaCicd]);
  });

  it('understands the key:value query syntax', async () => {
    expect(idsOf(await list({ query: 'project:gq_alpha status:new source:cicd' }))).toEqual([ids.alphaCicd]);
    expect(idsOf(await list({ query: 'project:gq_alpha,gq_beta level:warning' }))).toEqual([ids.betaValueError]);
    expect(idsOf(await list({ query: 'env:staging "user_id missing"' }))).toEqual([ids.alphaKeyError]);
  });

  it('answers an unusable query term with an error that names it', async () => {
    await expect(list({ query: 'status:DONE' })).rejects.toThrow(/unknown status \\"DONE\\".*BAD_USER_INPUT/);
  });

  it('filters by first and last seen ranges', async () => {
    const res = await list({
      filter: {
        projectIds: ['gq_alpha', 'gq_beta'],
        lastSeenAfter: '2026-03-02T00:00:00Z',
        lastSeenBefore: '2026-03-04T00:00:00Z',
      },
    });
    expect(idsOf(res).sort()).toEqual([ids.alphaKeyError, ids.alphaCicd].sort());
    const first = await list({
      filter: { projectIds: ['gq_alpha', 'gq_beta'], firstSeenBefore: '2026-03-02T00:00:00Z' },
    });
    expect(idsOf(first)).toEqual([ids.alphaTypeError]);
  });

  it('orders by last seen (default), first seen or count, either way', async () => {
    const projects = { projectIds: ['gq_alpha', 'gq_beta'] };
    expect(idsOf(await list({ filter: projects }))).toEqual([
      ids.betaValueError,
      ids.alphaCicd,
      ids.alphaKeyError,
      ids.alphaTypeError,
    ]);
    expect(idsOf(await list({ filter: projects, orderBy: { field: 'FIRST_SEEN', direction: 'ASC' } }))).toEqual([
      ids.alphaTypeError,
      ids.alphaKeyError,
      ids.alphaCicd,
      ids.betaValueError,
    ]);
    const byCount = idsOf(await list({ filter: projects, orderBy: { field: 'COUNT' } }));
    expect(byCount.slice(0, 2)).toEqual([ids.alphaTypeError, ids.alphaCicd]);
  });

  it('pages with first/after and reports the total', async () => {
    const filter = { projectIds: ['gq_alpha', 'gq_beta'] };
    const page1 = await list({ filter, first: 3 });
    expect(page1.totalCount).toBe(4);
    expect(page1.edges).toHaveLength(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await list({ filter, first: 3, after: page1.pageInfo.endCursor });
    expect(idsOf(page2)).toEqual([ids.alphaTypeError]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it('lists a page with its projects and counts in a fixed number of SQL queries, whatever the page size', async () => {
    for (let i = 0; i < 30; i++) {
      await report(
        server().url,
        runtimeReport({ project_id: `gq_many_${i % 7}` }, { type: 'ManyError', line_number: i }),
      );
    }
    const count = async (first: number) => {
      let queries = 0;
      // Reports made just before still look up their notification rules in the background.
      // Not counted: the cached rule lookups, and the token lookup that says who is asking.
      const stop = server().app.db.onSql(
        (sql) => void (sql.includes('notification_rules') || /"(api_tokens|users|sessions)"/.test(sql) || queries++),
      );
      const res = await list({ query: 'ManyError', first });
      stop();
      expect(res.edges).toHaveLength(first);
      return queries;
    };
    const small = await count(2);
    const large = await count(25);
    // The page, its projects, their issue counts, the total.
    expect(small).toBe(4);
    expect(large).toBe(small);
  });
});

describe('issue detail', () => {
  it('has its occurrences newest first (paged), status history and an hourly histogram', async () => {
    const body = runtimeReport({ project_id: 'gq_detail' }, { type: 'DetailError' });
    const times = ['2026-04-01T10:05:00Z', '2026-04-01T10:40:00Z', '2026-04-01T12:15:00Z'];
    let id = 0;
    for (const [i, timestamp] of times.entries()) {
      id = (await report(server().url, { ...body, timestamp, version: `1.0.${i}` })).body.id;
    }
    await prisma().issue.update({ where: { id }, data: { status: 'FIXED' } });
    await report(server().url, { ...body, timestamp: '2026-04-01T12:30:00Z', version: '1.0.3' });

    const { issue } = await as(server().url).run(IssueQuery, {
      id,
      first: 2,
      bucket: 'HOUR',
      from: '2026-04-01T09:00:00Z',
      to: '2026-04-01T13:00:00Z',
    });
    expect(issue?.occurrences.totalCount).toBe(4);
    expect(issue?.occurrences.edges.map((e) => e.node.version)).toEqual(['1.0.3', '1.0.2']);
    const rest = await as(server().url).run(IssueQuery, {
      id,
      first: 10,
      after: issue!.occurrences.pageInfo.endCursor,
      bucket: 'HOUR',
    });
    expect(rest.issue?.occurrences.edges.map((e) => e.node.version)).toEqual(['1.0.1', '1.0.0']);
    expect(issue?.transitions).toEqual([
      expect.objectContaining({
        from: 'FIXED',
        to: 'NEW',
        actor: 'system',
        by: null,
        details: expect.objectContaining({ reason: 'regression' }),
      }),
    ]);
    expect(issue?.histogram).toEqual([
      { start: '2026-04-01T09:00:00.000Z', count: 0 },
      { start: '2026-04-01T10:00:00.000Z', count: 2 },
      { start: '2026-04-01T11:00:00.000Z', count: 0 },
      { start: '2026-04-01T12:00:00.000Z', count: 2 },
    ]);
    expect(issue?.allowedTransitions).toEqual(['VERIFYING']);
  });

  it('buckets by day, and refuses a range with too many buckets', async () => {
    const { issue } = await as(server().url).run(IssueQuery, {
      id: ids.alphaTypeError!,
      bucket: 'DAY',
      from: '2026-02-28T00:00:00Z',
      to: '2026-03-03T00:00:00Z',
    });
    expect(issue?.histogram).toEqual([
      { start: '2026-02-28T00:00:00.000Z', count: 0 },
      { start: '2026-03-01T00:00:00.000Z', count: 3 },
      { start: '2026-03-02T00:00:00.000Z', count: 0 },
    ]);
    await expect(
      as(server().url).run(IssueQuery, {
        id: ids.alphaTypeError!,
        bucket: 'HOUR',
        from: '2020-01-01T00:00:00Z',
        to: '2026-01-01T00:00:00Z',
      }),
    ).rejects.toThrow(/range too long: at most 2000 hours.*BAD_USER_INPUT/);
  });

  it('is null for an unknown id', async () => {
    expect((await as(server().url).run(IssueQuery, { id: 999999, bucket: 'DAY' })).issue).toBeNull();
  });
});

describe('stats', () => {
  it('counts new issues, regressions and occurrences per bucket, by source and by project', async () => {
    const { stats } = await as(server().url).run(StatsQuery, {
      from: '2026-03-01T00:00:00Z',
      to: '2026-03-05T00:00:00Z',
      bucket: 'DAY',
      projectIds: ['gq_alpha', 'gq_beta'],
    });
    expect(stats.series.map((b) => [b.start.slice(0, 10), b.newIssues, b.occurrences])).toEqual([
      ['2026-03-01', 1, 3],
      ['2026-03-02', 1, 1],
      ['2026-03-03', 1, 2],
      ['2026-03-04', 1, 1],
    ]);
    expect(stats.totals).toEqual({ newIssues: 4, regressions: 0, occurrences: 7 });
    expect(stats.bySource).toEqual([
      { source: 'runtime', newIssues: 3, regressions: 0, occurrences: 5 },
      { source: 'cicd', newIssues: 1, regressions: 0, occurrences: 2 },
    ]);
    expect(stats.byProject).toEqual([
      { projectId: 'gq_alpha', project: { name: 'gq_alpha' }, newIssues: 3, regressions: 0, occurrences: 6 },
      { projectId: 'gq_beta', project: { name: 'gq_beta' }, newIssues: 1, regressions: 0, occurrences: 1 },
    ]);
  });

  it('takes a DateTime as an ISO 8601 string or as epoch milliseconds, and nothing else', async () => {
    const totals = async (from: unknown) =>
      (
        await as(server().url).run(StatsQuery, {
          from: from as string,
          to: '2026-03-05T00:00:00Z',
          bucket: 'DAY',
          projectIds: ['gq_alpha'],
        })
      ).stats.totals.occurrences;
    expect(await totals(Date.parse('2026-03-02T00:00:00Z'))).toBe(await totals('2026-03-02T00:00:00Z'));
    await expect(totals('March 2nd')).rejects.toThrow(/DateTime cannot represent an invalid date-time-string/);
    await expect(totals(true)).rejects.toThrow(/DateTime cannot represent non string or Date type/);
  });

  it('answers any DateTime variable with data or a clear refusal, never a masked error', async () => {
    const dates = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
      fc.double(),
      fc.integer(),
      fc.jsonValue({ maxDepth: 4 }),
      fc
        .tuple(fc.constantFrom(...WORST_PIECES, '2026-', '9'), fc.integer({ min: 1_000, max: 50_000 }))
        .map(([piece, length]) => repeatTo(piece, length)),
    );
    await fc.assert(
      fc.asyncProperty(dates, async (from) => {
        const res = await as(server().url).execute(StatsQuery, {
          from: from as string,
          to: '2026-03-05T00:00:00Z',
          bucket: 'DAY',
          projectIds: ['gq_alpha'],
        });
        expect(res.status).toBeLessThan(500);
        for (const error of res.body.errors ?? []) {
          expect(error.message).not.toBe('Unexpected error.');
          expect(error.message).toMatch(/DateTime|range|bucket|from|Variable/);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('counts occurrences exactly when the range starts or ends inside an hour', async () => {
    const occurrences = async (from: string, to: string) =>
      (await as(server().url).run(StatsQuery, { from, to, bucket: 'HOUR', projectIds: ['gq_alpha'] })).stats.totals
        .occurrences;
    // Occurrences of gq_alpha: 3 at 03-01 10:00, 1 at 03-02 10:00, 2 at 03-03 10:00.
    expect(await occurrences('2026-03-01T09:30:00Z', '2026-03-03T10:30:00Z')).toBe(6);
    expect(await occurrences('2026-03-01T10:00:00.001Z', '2026-03-03T10:00:00Z')).toBe(1);
    expect(await occurrences('2026-03-01T10:00:00Z', '2026-03-01T10:00:30Z')).toBe(3);
    expect(await occurrences('2026-03-01T10:00:00Z', '2026-03-01T10:00:00.001Z')).toBe(3);
    expect(await occurrences('2026-03-01T09:59:00Z', '2026-03-01T10:00:00Z')).toBe(0);
  });

  it('counts regressions when they happen', async () => {
    const body = runtimeReport({ project_id: 'gq_regress' }, { type: 'RegressError' });
    const { id } = (await report(server().url, body)).body;
    await prisma().issue.update({ where: { id }, data: { status: 'DEPLOYED' } });
    await report(server().url, body);
    const { stats } = await as(server().url).run(StatsQuery, { bucket: 'HOUR', projectIds: ['gq_regress'] });
    expect(stats.totals).toEqual({ newIssues: 1, regressions: 1, occurrences: 2 });
    expect(stats.series).toHaveLength(48);
    expect(stats.series.reduce((n, b) => n + b.regressions, 0)).toBe(1);
  });
});
