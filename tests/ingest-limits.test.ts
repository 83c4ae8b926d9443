// Oversized fields are cut down with a marker and the report is kept; secrets in the context
// never reach the database. Through both ways in: the REST contract and Sentry events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, useServer, type TestServer } from './helpers/server.ts';
import { put, report } from './helpers/http.ts';
import { runtimeReport } from './helpers/fixtures.ts';
import { envelope, errorEvent, send } from './sentry/helpers.ts';

// With retention, as installations run: reports dated before it are stored at receipt.
const server = useServer({ RETENTION_DAYS: '90' });
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const occurrenceOf = (s: TestServer, issueId: number) =>
  s.app.db.prisma.occurrence.findFirstOrThrow({
    where: { issueId },
    orderBy: { id: 'desc' },
    include: { issue: true },
  });

const secrets = {
  job_name: 'build',
  db_password: 'hunter2',
  request: {
    url: 'https://shop.test/pay?access_token=tok_123&step=2',
    headers: { Authorization: 'Bearer eyJhbGciOi', 'X-Request-Id': 'r-1', Cookie: 'session=abc' },
  },
  payment: { note: 'card 4111 1111 1111 1111 declined' },
};

describe('oversized fields', () => {
  it('are cut to their caps with a marker, the report is kept and grouped as usual', async () => {
    const tags = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`tag${i}`, `v${i}`]));
    const lines = Array.from({ length: 12_000 }, (_, i) => `    at frame${i} (src/deep/module${i}.ts:${i}:1)`);
    const big = runtimeReport(
      { project_id: 'limits', context: { tags, dump: 'd'.repeat(100_000), job: 'nightly' } },
      { message: 'm'.repeat(20_000), stack_trace: lines, line_number: 11 },
    );
    const res = await report(server().url, big);
    expect(res.status, res.text).toBe(200);
    const small = await report(server().url, runtimeReport({ project_id: 'limits' }, { line_number: 11 }));
    expect(small.body).toMatchObject({ message: 'Log deduplicated', id: res.body.id });

    const first = await server().app.db.prisma.occurrence.findFirstOrThrow({
      where: { issueId: res.body.id },
      orderBy: { id: 'asc' },
    });
    const message = first.message!;
    expect(bytes(message)).toBeLessThanOrEqual(8 * 1024);
    expect(message).toMatch(/^m+… \[truncated: \d+ of 20000 bytes\]$/);

    const stack = first.stackTrace as string[];
    expect(stack.reduce((n, l) => n + bytes(l) + 1, 0)).toBeLessThanOrEqual(256 * 1024);
    expect(stack[0]).toBe(lines[0]);
    expect(stack.at(-1)).toBe(lines.at(-1));
    expect(stack.some((l) => /^… \[truncated: \d+ lines, \d+ of \d+ bytes\] …$/.test(l))).toBe(true);

    const context = first.context as Record<string, any>;
    expect(bytes(JSON.stringify(context))).toBeLessThanOrEqual(64 * 1024);
    expect(Object.keys(context.tags)).toHaveLength(100);
    expect(context.job).toBe('nightly');
    expect(context.dump).toMatch(/truncated: \d+ of 100000 bytes/);
    expect(context._truncated).toEqual(['tags: kept 100 of 130', 'strings longer than 8192 bytes cut']);
  });

  it('leave what fits untouched', async () => {
    const body = runtimeReport(
      { project_id: 'limits', context: { tags: { a: '1' }, job_name: 'x' } },
      { message: 'é'.repeat(4000), line_number: 12 },
    );
    const res = await report(server().url, body);
    const occurrence = await occurrenceOf(server(), res.body.id);
    expect(occurrence.message).toBe(body.error.message);
    expect(occurrence.issue.message).toBe(body.error.message);
    expect(occurrence.context).toEqual({ tags: { a: '1' }, job_name: 'x' });
  });
});

describe('secrets in the context', () => {
  it('are replaced before they are stored', async () => {
    const res = await report(server().url, runtimeReport({ project_id: 'scrub', context: secrets }));
    expect(res.status).toBe(200);
    const { context } = await occurrenceOf(server(), res.body.id);
    expect(context).toEqual({
      job_name: 'build',
      db_password: '[Filtered]',
      request: {
        url: 'https://shop.test/pay?access_token=[Filtered]&step=2',
        headers: { Authorization: '[Filtered]', 'X-Request-Id': 'r-1', Cookie: '[Filtered]' },
      },
      payment: { note: 'card [Filtered] declined' },
    });
    const stored = JSON.stringify(
      await server().app.db.prisma.occurrence.findMany({
        where: { issue: { projectId: 'scrub' } },
        select: { message: true, stackTrace: true, context: true },
      }),
    );
    for (const secret of ['hunter2', 'tok_123', 'eyJhbGciOi', 'session=abc', '4111'])
      expect(stored).not.toContain(secret);
  });

  it('are replaced in Sentry events too', async () => {
    await put(server().url, '/api/v1/projects/scrub_sentry', { name: 'Scrub' });
    const project = await server().app.db.prisma.project.findUniqueOrThrow({
      where: { id: 'scrub_sentry' },
      include: { keys: true },
    });
    const event = {
      ...errorEvent('a'.repeat(32), 'PaymentError', 'declined'),
      request: {
        url: 'https://shop.test/pay',
        headers: { Authorization: 'Basic dXNlcjpwYXNz', Accept: '*/*' },
        cookies: { sid: 'abc' },
      },
      extra: { api_key: 'sk_live_999' },
    };
    const body = envelope({ event_id: event.event_id }, [
      { headers: { type: 'event' }, payload: JSON.stringify(event) },
    ]);
    const res = await send(
      server().url,
      `/api/${project.dsnId}/envelope/?sentry_key=${project.keys[0]!.publicKey}`,
      body,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const stored = JSON.stringify(
      await server().app.db.prisma.occurrence.findMany({
        where: { issue: { projectId: 'scrub_sentry' } },
        select: { issue: { select: { errorType: true } }, message: true, stackTrace: true, context: true },
      }),
    );
    expect(stored).toContain('PaymentError');
    for (const secret of ['dXNlcjpwYXNz', 'sk_live_999', '"abc"']) expect(stored).not.toContain(secret);
    expect(stored).toContain('*/*');
  });

  describe('with SCRUB_SECRETS=false', () => {
    let raw: TestServer;
    beforeAll(async () => {
      raw = await startServer({ SCRUB_SECRETS: 'false' });
    });
    afterAll(() => raw.stop());

    it('are kept as sent', async () => {
      const res = await report(raw.url, runtimeReport({ project_id: 'scrub', context: secrets }));
      expect((await occurrenceOf(raw, res.body.id)).context).toEqual(secrets);
    });
  });
});

describe('nesting and dates that no database takes', () => {
  it('cut context nested deeper than 32 levels with a marker, by REST and by Sentry', async () => {
    const levels = 20_000;
    const deep = `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const body = JSON.stringify(runtimeReport({ project_id: 'deep', context: { nested: '<deep>', list: '<list>' } }))
      .replace('"<deep>"', deep)
      .replace('"<list>"', `${'['.repeat(levels)}${']'.repeat(levels)}`);
    const res = await fetch(`${server().url}/api/v1/logs/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const answer = await res.json();
    expect(res.status, JSON.stringify(answer)).toBe(200);
    const { context } = await occurrenceOf(server(), answer.id);
    let node = (context as any).nested;
    let depth = 3; // the body, the context, then `nested`
    while (typeof node === 'object') [node, depth] = [node.a, depth + 1];
    expect(node).toBe('[truncated: nested deeper than 32 levels]');
    expect(depth).toBe(33);

    const project = await server().app.db.prisma.project.findUniqueOrThrow({
      where: { id: 'deep' },
      include: { keys: true },
    });
    const event = JSON.stringify({
      ...errorEvent('e'.repeat(32), 'DeepSentry', 'x'),
      extra: { nested: '<deep>' },
    }).replace('"<deep>"', deep);
    const sent = await send(server().url, `/api/${project.dsnId}/store/`, Buffer.from(event), {
      headers: { 'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${project.keys[0]!.publicKey}` },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  });

  it.each([
    ['year 0', '0000-01-01T00:00:00Z'],
    ['before 1970', '1969-07-20T20:17:00Z'],
    ['older than retention', new Date(Date.now() - 400 * 86_400_000).toISOString()],
    ['far in the future', '9999-12-31T23:59:59Z'],
  ])(
    'store a report dated %s at its time of receipt, keeping the reported time in the context',
    async (_, timestamp) => {
      const before = Date.now();
      const res = await report(
        server().url,
        runtimeReport(
          { project_id: 'dates', timestamp, context: { job: 'x' } },
          { type: `Dated${timestamp.slice(0, 4)}` },
        ),
      );
      expect(res.status, res.text).toBe(200);
      const occurrence = await occurrenceOf(server(), res.body.id);
      expect(occurrence.timestamp.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(occurrence.timestamp.getTime()).toBeLessThanOrEqual(Date.now());
      expect(occurrence.context).toMatchObject({ job: 'x', _reported_timestamp: new Date(timestamp).toISOString() });
      expect(occurrence.issue.firstSeen.getTime()).toBeGreaterThanOrEqual(before - 1000);
    },
  );

  it('keep a recent reported time as it is', async () => {
    const timestamp = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const res = await report(
      server().url,
      runtimeReport({ project_id: 'dates', timestamp, context: { job: 'y' } }, { type: 'DatedRecent' }),
    );
    const occurrence = await occurrenceOf(server(), res.body.id);
    expect(occurrence.timestamp.toISOString()).toBe(timestamp);
    expect(occurrence.context).not.toHaveProperty('_reported_timestamp');
  });

  it.each(['2026-02-30T10:00:00Z', '2025-02-29T00:00:00Z', '2026-01-30T24:00:00Z'])(
    'refuse %s, a date the calendar does not have, and store nothing',
    async (timestamp) => {
      const before = await server().app.db.prisma.occurrence.count();
      const res = await report(server().url, runtimeReport({ project_id: 'dates', timestamp }));
      expect(res.status).toBe(422);
      expect((res.body as unknown as { details: unknown }).details).toEqual([
        { path: 'timestamp', reason: expect.stringContaining('ISO 8601') },
      ]);
      expect(await server().app.db.prisma.occurrence.count()).toBe(before);
    },
  );
});
