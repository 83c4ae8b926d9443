// Property-based: thousands of random bodies, shapes, bytes and encodings at the ingestion
// endpoints never get a 5xx, and never a partial write — a 4xx changes nothing, a 200 stores
// exactly what it acknowledges.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { useServer } from './helpers/server.ts';
import { put } from './helpers/http.ts';
import { envelope, errorEvent } from './sentry/helpers.ts';
import { repeatTo, WORST_PIECES } from './helpers/hostile.ts';

const server = useServer({ LOG_LEVEL: 'silent' });

async function counts() {
  const [row] = await server().app.db.sql.query<{ projects: number; issues: number; occurrences: number }>(
    'fuzz_counts',
    'SELECT (SELECT count(*) FROM projects)::int AS projects, (SELECT count(*) FROM issues)::int AS issues, (SELECT count(*) FROM occurrences)::int AS occurrences',
    [],
  );
  return row!;
}

/** Sends, then checks: below 500, and the database changed only as the answer says. */
async function sendAndCheck(
  path: string,
  body: Uint8Array | string,
  headers: Record<string, string>,
  acknowledged: (status: number) => number,
) {
  const before = await counts();
  const res = await fetch(`${server().url}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  const text = await res.text();
  expect(res.status, text).toBeLessThan(500);
  const after = await counts();
  const stored = acknowledged(res.status);
  expect(after.occurrences - before.occurrences, `${res.status} ${text}`).toBe(stored);
  if (stored === 0) expect(after).toEqual(before);
  expect(after.issues - before.issues).toBeLessThanOrEqual(stored);
  expect(after.projects - before.projects).toBeLessThanOrEqual(stored);
  return res.status;
}

const json = fc.jsonValue({ maxDepth: 3 });
/** Long runs of the pieces that make backtracking patterns slow (see linear-text.test.ts). */
const longText = fc
  .tuple(fc.constantFrom(...WORST_PIECES, '\u0000'), fc.integer({ min: 1_000, max: 60_000 }))
  .map(([piece, length]) => repeatTo(piece, length));
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', maxLength: 300 }), {
  weight: 1,
  arbitrary: longText,
});
/** Objects or arrays nested past the 32-level cap (JSON.stringify still takes them). */
const deep = fc.tuple(fc.integer({ min: 30, max: 2_000 }), fc.boolean()).map(([levels, arrays]) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = arrays ? [value] : { a: value };
  return value;
});
/** Times the calendar does not have, or no database takes, or nobody meant. */
const oddDate = fc.oneof(
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '2026-02-30T10:00:00Z',
    '2026-01-30T24:00:00Z',
    '9999-12-31T23:59:59Z',
    '1969-12-31T23:59:59Z',
    '2026-13-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
  ),
  fc
    .date({ min: new Date(-62_167_219_200_000), max: new Date(253_402_300_799_000), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.integer(),
);
/** A field with a plausible value, any JSON, or left out. */
const field = <T>(plausible: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 3, arbitrary: plausible },
    { weight: 1, arbitrary: json },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

const reportLike = fc.record(
  {
    project_id: field(fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_.-]{0,12}$/), text)),
    environment: field(fc.oneof(fc.constantFrom('production', 'staging', ' ', ''), text)),
    level: field(fc.constantFrom('ERROR', 'warning', 'Critical', 'info', 'fatal')),
    source: field(fc.constantFrom('runtime', 'cicd', 'deployment', 'RUNTIME', 'other', null)),
    timestamp: field(
      fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        oddDate,
        text,
      ),
    ),
    version: field(text),
    commit_hash: field(text),
    repo_url: field(text),
    error: field(
      fc.record(
        {
          type: field(text),
          message: field(text),
          file_path: field(fc.oneof(text, fc.constant(null))),
          line_number: field(fc.oneof(fc.integer(), fc.double(), fc.constant(null))),
          stack_trace: field(fc.oneof(fc.array(text, { maxLength: 20 }), text)),
        },
        { requiredKeys: [] },
      ),
    ),
    context: field(
      fc.dictionary(text, fc.oneof({ weight: 4, arbitrary: json }, { weight: 1, arbitrary: deep }), { maxKeys: 10 }),
    ),
  },
  { requiredKeys: [] },
);

const reportHeaders = { 'content-type': 'application/json' };
const reportAcknowledged = (status: number) => (status === 200 ? 1 : 0);

describe('POST /api/v1/logs/report with random input', { timeout: 240_000 }, () => {
  it('report-like objects: 200 stores one occurrence, anything else stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(reportLike, async (body) => {
        await sendAndCheck('/api/v1/logs/report', JSON.stringify(body), reportHeaders, reportAcknowledged);
      }),
      { numRuns: 1500 },
    );
  });

  it('valid reports with any text in their free-text fields are all stored', async () => {
    const anyText = fc.oneof(
      text,
      fc.string({ unit: 'binary', minLength: 1 }).map((t) => `\u0000${t}\u0000`),
    );
    const valid = fc.record({
      project_id: fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/),
      environment: fc.string({ minLength: 1, maxLength: 50 }).filter((e) => e.trim().length > 0),
      level: fc.constantFrom('ERROR', 'WARNING', 'CRITICAL'),
      error: fc.record({
        type: fc.string({ minLength: 1, maxLength: 100 }).filter((t) => t.trim().length > 0),
        message: anyText,
        file_path: fc.oneof(fc.string({ unit: 'binary', maxLength: 2048 }), fc.constant(null)),
        stack_trace: fc.oneof(fc.array(anyText, { maxLength: 10 }), anyText),
      }),
      timestamp: fc.option(
        fc
          .date({ min: new Date(0), max: new Date(253_402_300_799_000), noInvalidDate: true })
          .map((d) => d.toISOString()),
        { nil: undefined },
      ),
      context: fc.dictionary(anyText, fc.oneof({ weight: 4, arbitrary: json }, { weight: 1, arbitrary: deep }), {
        maxKeys: 8,
      }),
    });
    await fc.assert(
      fc.asyncProperty(valid, async (body) => {
        const status = await sendAndCheck(
          '/api/v1/logs/report',
          JSON.stringify(body),
          reportHeaders,
          reportAcknowledged,
        );
        expect(status).toBe(200);
      }),
      { numRuns: 500 },
    );
  });

  it('any JSON value', async () => {
    await fc.assert(
      fc.asyncProperty(json, async (body) => {
        await sendAndCheck('/api/v1/logs/report', JSON.stringify(body), reportHeaders, reportAcknowledged);
      }),
      { numRuns: 500 },
    );
  });

  it('any bytes, under any content type and encoding', async () => {
    const contentType = fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
      '',
    );
    const encoding = fc.constantFrom(undefined, 'gzip', 'br', 'identity', 'bogus');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), contentType, encoding, async (bytes, type, enc) => {
        const headers: Record<string, string> = type ? { 'content-type': type } : {};
        if (enc) headers['content-encoding'] = enc;
        await sendAndCheck('/api/v1/logs/report', bytes, headers, reportAcknowledged);
      }),
      { numRuns: 500 },
    );
  });
});

describe('Sentry envelopes with random input', { timeout: 240_000 }, () => {
  let path: string;
  beforeAll(async () => {
    await put(server().url, '/api/v1/projects/fuzz_sentry', { name: 'Fuzz' });
    const project = await server().app.db.prisma.project.findUniqueOrThrow({
      where: { id: 'fuzz_sentry' },
      include: { keys: true },
    });
    path = `/api/${project.dsnId}/envelope/?sentry_key=${project.keys[0]!.publicKey}`;
  });

  const sentryHeaders = { 'content-type': 'application/x-sentry-envelope' };

  it('any bytes, plain or gzipped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), fc.boolean(), async (bytes, gzip) => {
        const headers = gzip ? { ...sentryHeaders, 'content-encoding': 'gzip' } : sentryHeaders;
        await sendAndCheck(path, gzip ? new Uint8Array(gzipSync(bytes)) : bytes, headers, () => 0);
      }),
      { numRuns: 300 },
    );
  });

  it('envelopes of random items: all of their events are stored, or none', async () => {
    const item = fc.oneof(
      fc.record({
        headers: fc.constant({ type: 'event' }),
        payload: fc.oneof(json, fc.constant(null)).map((v) => JSON.stringify(v)),
      }),
      fc.record({
        headers: fc.constant({ type: 'event' }),
        payload: fc
          .tuple(fc.stringMatching(/^[A-Z][a-zA-Z]{0,10}$/), text)
          .map(([type, value]) => JSON.stringify(errorEvent('f'.repeat(32), type, value))),
      }),
      fc.record({
        headers: fc.constant({ type: 'event' }),
        payload: fc.tuple(text, deep, fc.oneof(fc.double(), fc.integer(), oddDate)).map(([message, extra, timestamp]) =>
          JSON.stringify({
            event_id: 'f'.repeat(32),
            level: 'error',
            timestamp,
            logentry: { formatted: message },
            extra: { extra },
          }),
        ),
      }),
      fc.record({
        headers: fc.record({ type: fc.constantFrom('transaction', 'session', 'attachment', 'event') }),
        payload: text,
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 4 }), fc.boolean(), async (items, withLength) => {
        const body = envelope(
          { event_id: 'e'.repeat(32) },
          items.map((i) => ({ ...i, withLength })),
        );
        const events = items.filter((i) => i.headers.type === 'event').length;
        await sendAndCheck(path, new Uint8Array(body), sentryHeaders, (status) => (status === 200 ? events : 0));
      }),
      { numRuns: 300 },
    );
  });
});
