// What an accepted report does to the stored data.
import { describe, expect, it } from 'vitest';
import { useServer } from './helpers/server.ts';
import { get, post, put, rawPost, report, request } from './helpers/http.ts';
import { runtimeReport } from './helpers/fixtures.ts';

const server = useServer();
const prisma = () => server().app.db.prisma;
let n = 0;
/** A report with a fingerprint no other test uses. */
const unique = (overrides: Record<string, unknown> = {}, error: Record<string, unknown> = {}) =>
  runtimeReport(overrides, { line_number: 1000 + ++n, ...error });

describe('an accepted report', () => {
  it('is stored in full as an occurrence', async () => {
    const body = unique(
      {
        project_id: 'store_full',
        environment: 'staging',
        level: 'CRITICAL',
        timestamp: '2026-01-30T10:30:00+08:00',
        version: '1.2.3',
        commit_hash: 'abc1234',
        context: { url: '/api/users/123', nested: { a: [1, 2] } },
      },
      { message: 'boom', stack_trace: ['line 1', 'line 2'] },
    );
    const before = Date.now();
    const res = await post(server().url, '/api/v1/logs/report', body, {
      headers: { 'user-agent': 'contract-test/1.0' },
    });
    expect(res.status).toBe(200);
    const occurrence = await prisma().occurrence.findFirstOrThrow({ where: { issueId: res.body.id } });
    expect(occurrence).toMatchObject({
      projectId: 'store_full',
      timestamp: new Date('2026-01-30T02:30:00Z'),
      environment: 'staging',
      level: 'CRITICAL',
      source: 'runtime',
      message: 'boom',
      filePath: 'src/app.ts',
      lineNumber: body.error.line_number,
      version: '1.2.3',
      commitHash: 'abc1234',
      stackTrace: ['line 1', 'line 2'],
      context: { url: '/api/users/123', nested: { a: [1, 2] } },
      remoteAddr: '127.0.0.1',
      userAgent: 'contract-test/1.0',
    });
    expect(occurrence.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 5);
  });

  it('creates an issue from the first report', async () => {
    const body = unique(
      { project_id: 'store_issue', environment: 'production' },
      { type: 'KeyError', message: 'first' },
    );
    const res = await report(server().url, body);
    expect(res.body).toMatchObject({ message: 'Log reported', status: 'NEW' });
    const issue = await prisma().issue.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(issue).toMatchObject({
      fingerprint: res.body.fingerprint,
      projectId: 'store_issue',
      source: 'runtime',
      level: 'ERROR',
      errorType: 'KeyError',
      message: 'first',
      filePath: 'src/app.ts',
      lineNumber: body.error.line_number,
      status: 'NEW',
      occurrenceCount: 1,
      regressionCount: 0,
      environments: ['production'],
    });
    expect(issue.firstSeen).toEqual(issue.lastSeen);
  });

  it('updates the issue on every later report: count, last seen, latest message and level, environments', async () => {
    const base = unique({ project_id: 'store_updates' });
    const first = await report(server().url, { ...base, timestamp: '2026-03-01T00:00:00Z', environment: 'staging' });
    await report(server().url, {
      ...base,
      timestamp: '2026-03-03T00:00:00Z',
      environment: 'production',
      level: 'critical',
      error: { ...base.error, message: 'newest' },
    });
    // An older report arriving late counts, but does not replace the newest message.
    const late = await report(server().url, {
      ...base,
      timestamp: '2026-02-27T00:00:00Z',
      environment: 'development',
      error: { ...base.error, message: 'oldest' },
    });
    expect(late.body).toMatchObject({ message: 'Log deduplicated', id: first.body.id, status: 'NEW' });
    const issue = await prisma().issue.findUniqueOrThrow({ where: { id: first.body.id } });
    expect(issue).toMatchObject({
      occurrenceCount: 3,
      message: 'newest',
      level: 'CRITICAL',
      firstSeen: new Date('2026-02-27T00:00:00Z'),
      lastSeen: new Date('2026-03-03T00:00:00Z'),
      environments: ['development', 'production', 'staging'],
    });
    expect(await prisma().occurrence.count({ where: { issueId: first.body.id } })).toBe(3);
  });

  it('uses the server time when the report has no timestamp, or one from the future', async () => {
    const before = Date.now();
    const noTime = await report(server().url, unique());
    const future = await report(server().url, unique({ timestamp: '2999-01-01T00:00:00Z' }));
    const after = Date.now();
    for (const res of [noTime, future]) {
      const o = await prisma().occurrence.findFirstOrThrow({ where: { issueId: res.body.id } });
      expect(o.timestamp.getTime()).toBeGreaterThanOrEqual(before - 5);
      expect(o.timestamp.getTime()).toBeLessThanOrEqual(after + 5);
    }
  });

  it('reads timestamps without a zone as UTC, and Python’s str(datetime) form', async () => {
    const res = await report(server().url, unique({ timestamp: '2026-01-30 10:30:00.123456' }));
    const o = await prisma().occurrence.findFirstOrThrow({ where: { issueId: res.body.id } });
    expect(o.timestamp).toEqual(new Date('2026-01-30T10:30:00.123Z'));
  });

  it('keeps a string stack trace whole, and stores none as empty', async () => {
    const text = 'Traceback (most recent call last):\n  File "a.py", line 1\nValueError: x';
    const asString = await report(server().url, unique({}, { stack_trace: text }));
    const absent = await report(server().url, unique({}, { stack_trace: undefined }));
    const asNull = await report(server().url, unique({}, { stack_trace: null }));
    const traces = await Promise.all(
      [asString, absent, asNull].map((r) => prisma().occurrence.findFirstOrThrow({ where: { issueId: r.body.id } })),
    );
    expect(traces.map((t) => t.stackTrace)).toEqual([[text], [], []]);
  });

  it('accepts level and source in any case', async () => {
    const res = await report(server().url, unique({ level: 'warning', source: 'RUNTIME' }));
    expect(res.status).toBe(200);
    const issue = await prisma().issue.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(issue).toMatchObject({ level: 'WARNING', source: 'runtime' });
  });

  it('stores text PostgreSQL cannot hold (NUL, lone surrogates) with replacement characters', async () => {
    const raw = JSON.stringify(unique({}, { message: 'x' })).replace('"message":"x"', '"message":"a\\u0000b \\ud800c"');
    const res = await post(server().url, '/api/v1/logs/report', undefined, {
      raw,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    const issue = await prisma().issue.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(issue.message).toBe('a\uFFFDb \uFFFDc');
  });

  it('reads the body as JSON whatever the content type (curl -d sends form encoding)', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain;charset=UTF-8', undefined]) {
      const res = await rawPost(
        server().url,
        '/api/v1/logs/report',
        JSON.stringify(unique()),
        type ? { 'content-type': type } : {},
      );
      expect(res.status, `content-type ${type}`).toBe(200);
      expect(res.body.message).toBe('Log reported');
    }
  });

  it('also answers on the path with a trailing slash', async () => {
    expect((await post(server().url, '/api/v1/logs/report/', unique())).status).toBe(200);
  });
});

describe('regressions', () => {
  for (const fixedState of ['FIXED', 'VERIFIED', 'DEPLOYED'] as const) {
    it(`a new occurrence of a ${fixedState} issue reopens it as NEW and records the regression`, async () => {
      const body = unique({ environment: 'production', version: '2.0.0' });
      const { body: created } = await report(server().url, body);
      await prisma().issue.update({ where: { id: created.id }, data: { status: fixedState } });

      const res = await report(server().url, body);
      expect(res.body).toMatchObject({ message: 'Regression detected, reopened', id: created.id, status: 'NEW' });

      const issue = await prisma().issue.findUniqueOrThrow({
        where: { id: created.id },
        include: { transitions: true },
      });
      expect(issue).toMatchObject({ status: 'NEW', regressionCount: 1, occurrenceCount: 2 });
      expect(issue.lastRegressedAt).toBeInstanceOf(Date);
      expect(issue.transitions).toEqual([
        expect.objectContaining({
          fromStatus: fixedState,
          toStatus: 'NEW',
          actor: 'system',
          details: expect.objectContaining({ reason: 'regression', environment: 'production', version: '2.0.0' }),
        }),
      ]);
    });
  }

  for (const openState of ['NEW', 'VERIFYING', 'CANNOT_REPRODUCE', 'PENDING_FIX', 'FIXING', 'FIX_FAILED'] as const) {
    it(`a new occurrence of a ${openState} issue is a duplicate and keeps the status`, async () => {
      const body = unique();
      const { body: created } = await report(server().url, body);
      await prisma().issue.update({ where: { id: created.id }, data: { status: openState } });
      const res = await report(server().url, body);
      expect(res.body).toMatchObject({ message: 'Log deduplicated', id: created.id, status: openState });
      const issue = await prisma().issue.findUniqueOrThrow({
        where: { id: created.id },
        include: { transitions: true },
      });
      expect(issue).toMatchObject({ status: openState, regressionCount: 0, occurrenceCount: 2, transitions: [] });
    });
  }
});

describe('projects created by reports', () => {
  it('take their name from the id, and repo_url from the report', async () => {
    await report(server().url, unique({ project_id: 'auto_repo', repo_url: 'https://git.example.com/a.git' }));
    const res = await get(server().url, '/api/v1/projects/auto_repo');
    expect(res.body).toMatchObject({
      project_id: 'auto_repo',
      name: 'auto_repo',
      repo_url: 'https://git.example.com/a.git',
    });
  });

  it('get repo_url from a later report only while theirs is empty', async () => {
    await report(server().url, unique({ project_id: 'fill_repo' }));
    expect((await get(server().url, '/api/v1/projects/fill_repo')).body.repo_url).toBeNull();
    await report(server().url, unique({ project_id: 'fill_repo', repo_url: 'https://git.example.com/first.git' }));
    await report(server().url, unique({ project_id: 'fill_repo', repo_url: 'https://git.example.com/second.git' }));
    expect((await get(server().url, '/api/v1/projects/fill_repo')).body.repo_url).toBe(
      'https://git.example.com/first.git',
    );

    await put(server().url, '/api/v1/projects/fill_repo', { repo_url: 'git@git.example.com:team/edited.git' });
    await report(server().url, unique({ project_id: 'fill_repo', repo_url: 'https://git.example.com/third.git' }));
    expect((await get(server().url, '/api/v1/projects/fill_repo')).body.repo_url).toBe(
      'git@git.example.com:team/edited.git',
    );
  });
});

describe('browsers', () => {
  it('get a CORS preflight answer, and CORS headers on the report', async () => {
    const preflight = await request(server().url, 'OPTIONS', '/api/v1/logs/report', undefined, {
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    // sendBeacon sends credentials, which a "*" origin would not allow.
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');

    const res = await post(server().url, '/api/v1/logs/report', unique(), {
      headers: { origin: 'https://app.example.com' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });
});
