// The Sentry endpoints with hand-made envelopes (every framing and error case) and with the
// real @sentry/node SDK in child processes.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useServer } from '../helpers/server.ts';
import { put, report, request } from '../helpers/http.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { as } from '../testkit/client.ts';
import { ProjectKeysQuery, CreateKeyMutation, UpdateKeyMutation, DeleteKeyMutation } from './operations.ts';
import { envelope, errorEvent, send, type Encoding } from './helpers.ts';
import { untilRefused } from '../helpers/limits.ts';

const server = useServer();
const prisma = () => server().app.db.prisma;
const artifacts = new URL('../artifacts/', import.meta.url).pathname;
mkdirSync(artifacts, { recursive: true });
const work = mkdtempSync(join(artifacts, 'sentry-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Key = { id: number; publicKey: string; dsn: string };
let dsnId: number;
let key: Key;
let n = 0;
const eventId = () => `${(++n).toString(16).padStart(8, '0')}${'0'.repeat(24)}`;

beforeAll(async () => {
  await put(server().url, '/api/v1/projects/sentry_app', { name: 'Sentry App' });
  const { project } = await as(server().url).run(ProjectKeysQuery, { id: 'sentry_app' });
  dsnId = project!.dsnId;
  key = project!.keys[0]!;
});

const envelopePath = () => `/api/${dsnId}/envelope/`;
const auth = (k = key.publicKey) => ({
  'x-sentry-auth': `Sentry sentry_version=7, sentry_client=test/1.0, sentry_key=${k}`,
});
const issueWith = (errorType: string) =>
  prisma().issue.findFirst({ where: { projectId: 'sentry_app', errorType }, include: { occurrences: true } });

describe('keys and DSNs', () => {
  it('every project gets a key with a ready DSN when it is created, by report or by PUT', async () => {
    expect(key.dsn).toBe(`http://${key.publicKey}@127.0.0.1:${new URL(server().url).port}/${dsnId}`);
    await report(server().url, runtimeReport({ project_id: 'sentry_by_report' }));
    const { project } = await as(server().url).run(ProjectKeysQuery, { id: 'sentry_by_report' });
    expect(project!.keys).toHaveLength(1);
    expect(project!.keys[0]!.publicKey).toMatch(/^[0-9a-f]{32}$/);
    expect(project!.dsnId).not.toBe(dsnId);
  });

  it('can be added, disabled and removed', async () => {
    const { createProjectKey: created } = await as(server().url).run(CreateKeyMutation, {
      projectId: 'sentry_app',
      input: { label: 'CI' },
    });
    if (created.__typename !== 'ProjectKey') throw new Error(JSON.stringify(created));
    const body = envelope({ event_id: eventId() }, [
      { headers: { type: 'event' }, payload: JSON.stringify(errorEvent(eventId(), 'KeyCheck', 'x')) },
    ]);
    expect((await send(server().url, envelopePath(), body, { headers: auth(created.publicKey) })).status).toBe(200);

    const { updateProjectKey: disabled } = await as(server().url).run(UpdateKeyMutation, {
      id: created.id,
      input: { enabled: false },
    });
    expect(disabled).toMatchObject({ __typename: 'ProjectKey', enabled: false });
    const refused = await send(server().url, envelopePath(), body, { headers: auth(created.publicKey) });
    expect(refused).toMatchObject({
      status: 403,
      body: { error: 'forbidden', message: 'this Sentry key is disabled' },
    });

    expect((await as(server().url).run(DeleteKeyMutation, { id: created.id })).deleteProjectKey.__typename).toBe(
      'ProjectKey',
    );
    expect((await send(server().url, envelopePath(), body, { headers: auth(created.publicKey) })).status).toBe(403);
    expect((await as(server().url).run(DeleteKeyMutation, { id: created.id })).deleteProjectKey).toMatchObject({
      __typename: 'NotFoundError',
    });
  });
});

describe('POST /api/{id}/envelope/', () => {
  it.each<[string, Encoding, boolean]>([
    ['with item lengths', 'identity', true],
    ['without item lengths', 'identity', false],
    ['gzip', 'gzip', true],
    ['deflate', 'deflate', true],
    ['br', 'br', false],
  ])('stores an event (%s) and answers with its id', async (name, encoding, withLength) => {
    const id = eventId();
    const type = `Envelope${name.replace(/\W/g, '')}Error`;
    const body = envelope({ event_id: id, sent_at: new Date().toISOString() }, [
      { headers: { type: 'event' }, payload: JSON.stringify(errorEvent(id, type, 'boom')), withLength },
    ]);
    const res = await send(server().url, envelopePath(), body, { encoding, headers: auth() });
    expect(res).toMatchObject({ status: 200, body: { id } });
    const issue = await issueWith(type);
    expect(issue).toMatchObject({ message: 'boom', filePath: 'app/handlers.py', lineNumber: 7, level: 'ERROR' });
    expect(issue!.occurrences[0]).toMatchObject({ version: 'svc@1.0.0', environment: 'production' });
  });

  it('checks keys from the same cache as X-Log-Center-Key: no database lookup per event', async () => {
    const delegate = prisma().projectKey;
    const lookups = [vi.spyOn(delegate, 'findUnique'), vi.spyOn(delegate, 'findFirst')];
    // The control: the cache's own reload is seen, so the spies do watch this client.
    const reloads = vi.spyOn(prisma().project, 'findMany');
    server().app.core.ingestKeys.changed();
    try {
      for (let i = 0; i < 5; i++) {
        const id = eventId();
        const res = await send(
          server().url,
          envelopePath(),
          envelope({ event_id: id }, [
            { headers: { type: 'event' }, payload: JSON.stringify(errorEvent(id, 'CachedKey', 'x')) },
          ]),
          { headers: auth() },
        );
        expect(res.status).toBe(200);
      }
      expect(lookups.map((spy) => spy.mock.calls.length)).toEqual([0, 0]);
      expect(reloads).toHaveBeenCalledTimes(1);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('takes the key from the sentry_key query parameter or the envelope dsn', async () => {
    const viaQuery = eventId();
    const q = await send(
      server().url,
      `${envelopePath()}?sentry_key=${key.publicKey}&sentry_version=7`,
      envelope({ event_id: viaQuery }, [
        { headers: { type: 'event' }, payload: JSON.stringify(errorEvent(viaQuery, 'QueryAuth', 'x')) },
      ]),
    );
    expect(q.status).toBe(200);
    const viaDsn = eventId();
    const d = await send(
      server().url,
      envelopePath(),
      envelope({ event_id: viaDsn, dsn: key.dsn }, [
        { headers: { type: 'event' }, payload: JSON.stringify(errorEvent(viaDsn, 'DsnAuth', 'x')) },
      ]),
    );
    expect(d.status).toBe(200);
    expect(await issueWith('QueryAuth')).not.toBeNull();
    expect(await issueWith('DsnAuth')).not.toBeNull();
  });

  it('accepts and skips transactions, sessions, client reports and attachments', async () => {
    const before = await prisma().occurrence.count();
    const id = eventId();
    const res = await send(
      server().url,
      envelopePath(),
      envelope({ event_id: id }, [
        {
          headers: { type: 'transaction' },
          payload: JSON.stringify({ type: 'transaction', transaction: '/users', spans: [] }),
        },
        { headers: { type: 'session' }, payload: JSON.stringify({ sid: 'abc', status: 'ok' }) },
        { headers: { type: 'client_report' }, payload: JSON.stringify({ discarded_events: [] }) },
        { headers: { type: 'attachment', filename: 'log.txt' }, payload: Buffer.from('binary\n\u0000 stuff') },
      ]),
      { headers: auth() },
    );
    expect(res).toMatchObject({ status: 200, body: { id } });
    expect(await prisma().occurrence.count()).toBe(before);
  });

  it.each([
    ['no key at all', {}, 'missing Sentry key'],
    ['an unknown key', auth('0'.repeat(32)), 'unknown Sentry key for this project'],
  ])('refuses %s with 403', async (_, headers, message) => {
    const res = await send(
      server().url,
      envelopePath(),
      envelope({}, [{ headers: { type: 'event' }, payload: '{}' }]),
      { headers },
    );
    expect(res).toMatchObject({ status: 403, body: { error: 'forbidden', message: expect.stringContaining(message) } });
  });

  it("refuses a key used on another project's id with 403", async () => {
    await report(server().url, runtimeReport({ project_id: 'sentry_other' }));
    const { project } = await as(server().url).run(ProjectKeysQuery, { id: 'sentry_other' });
    const res = await send(
      server().url,
      `/api/${project!.dsnId}/envelope/`,
      envelope({}, [{ headers: { type: 'event' }, payload: '{}' }]),
      { headers: auth() },
    );
    expect(res.status).toBe(403);
  });

  it.each([
    ['an empty body', Buffer.alloc(0), 'empty envelope'],
    ['a header that is not JSON', Buffer.from('nope\n'), 'envelope header is not a JSON object'],
    ['a length past the end', Buffer.from('{}\n{"type":"event","length":999}\n{}'), 'runs past the end'],
    ['an event that is not JSON', Buffer.from('{}\n{"type":"event"}\nnot json\n'), 'event item 1 is not a JSON object'],
  ])('refuses %s with 400 and a reason, storing nothing', async (_, body, reason) => {
    const before = await prisma().occurrence.count();
    const res = await send(server().url, envelopePath(), body, { headers: auth() });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(reason);
    expect(await prisma().occurrence.count()).toBe(before);
  });

  it('refuses corrupt compression with 400 and an unknown encoding with 415', async () => {
    const body = Buffer.from('not gzip at all');
    const res = await fetch(`${server().url}${envelopePath()}`, {
      method: 'POST',
      headers: { 'content-encoding': 'gzip', ...auth() },
      body: new Uint8Array(body),
    });
    expect(res.status).toBe(400);
    const zstd = await fetch(`${server().url}${envelopePath()}`, {
      method: 'POST',
      headers: { 'content-encoding': 'zstd', ...auth() },
      body: new Uint8Array(body),
    });
    expect(zstd.status).toBe(415);
  });

  it('refuses an event over 1 MiB with 413', async () => {
    const big = errorEvent(eventId(), 'BigError', 'x'.repeat(1024 * 1024 + 10));
    const res = await send(
      server().url,
      envelopePath(),
      envelope({}, [{ headers: { type: 'event' }, payload: JSON.stringify(big) }]),
      { headers: auth(), encoding: 'gzip' },
    );
    expect(res.status).toBe(413);
    expect(await issueWith('BigError')).toBeNull();
  });

  it('cuts off a decompression bomb early with 413', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const start = Date.now();
    const res = await fetch(`${server().url}${envelopePath()}`, {
      method: 'POST',
      headers: { 'content-encoding': 'gzip', ...auth() },
      body: new Uint8Array(bomb),
    });
    expect(res.status).toBe(413);
    expect(Date.now() - start).toBeLessThan(5000);
  });

  it('refuses a body over 20 MiB with 413', async () => {
    const res = await fetch(`${server().url}${envelopePath()}`, {
      method: 'POST',
      headers: auth(),
      body: new Uint8Array(21 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
  });

  it('answers browsers’ CORS preflight and exposes the rate-limit headers', async () => {
    const res = await request(server().url, 'OPTIONS', envelopePath(), undefined, {
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const post = await send(server().url, `${envelopePath()}?sentry_key=${key.publicKey}`, envelope({}, []), {
      headers: { origin: 'https://app.example.com' },
    });
    expect(post.headers.get('access-control-expose-headers')).toMatch(/x-sentry-rate-limits/);
  });
});

describe('POST /api/{id}/store/', () => {
  it('stores a plain (or gzipped) event', async () => {
    for (const encoding of ['identity', 'gzip'] as const) {
      const id = eventId();
      const type = `Store${encoding}Error`;
      const res = await send(
        server().url,
        `/api/${dsnId}/store/`,
        Buffer.from(JSON.stringify(errorEvent(id, type, 'stored'))),
        {
          encoding,
          headers: { ...auth(), 'content-type': 'application/json' },
        },
      );
      expect(res).toMatchObject({ status: 200, body: { id } });
      expect(await issueWith(type)).not.toBeNull();
    }
  });
});

describe('rate limits', () => {
  it('are off by default, and per key when set: 429 with Retry-After and X-Sentry-Rate-Limits', async () => {
    const { createProjectKey: limited } = await as(server().url).run(CreateKeyMutation, {
      projectId: 'sentry_app',
      input: { label: 'limited', rateLimitPerMinute: 2 },
    });
    if (limited.__typename !== 'ProjectKey') throw new Error(JSON.stringify(limited));
    const body = () =>
      envelope({}, [{ headers: { type: 'event' }, payload: JSON.stringify(errorEvent(eventId(), 'Limited', 'x')) }]);
    const { passed, refused: last } = await untilRefused(
      () => send(server().url, envelopePath(), body(), { headers: auth(limited.publicKey) }),
      2,
    );
    expect(last?.status).toBe(429);
    expect(passed).toBeGreaterThanOrEqual(2);
    expect(passed).toBeLessThanOrEqual(4);
    const retry = Number(last!.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(last!.headers.get('x-sentry-rate-limits')).toBe(`${retry}::key`);
    // The default key has no limit.
    for (let i = 0; i < 5; i++)
      expect((await send(server().url, envelopePath(), body(), { headers: auth() })).status).toBe(200);
  });
});

describe('@sentry/node', { timeout: 30_000 }, () => {
  const runScript = async (name: string, code: string) => {
    const path = join(work, name);
    writeFileSync(path, code);
    return promisify(execFile)(process.execPath, [path], { cwd: work }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  };

  it('captureException arrives as the right issue, and groups with a REST report from the same line', async () => {
    const script = `import * as Sentry from '@sentry/node';
Sentry.init({ dsn: ${JSON.stringify(key.dsn)}, environment: 'staging', release: 'app@2.0.0' });
function loadUser() {
  throw new TypeError('user is undefined');
}
try { loadUser(); } catch (e) { Sentry.captureException(e); }
await Sentry.flush(5000);
`;
    expect((await runScript('capture.mjs', script)).code).toBe(0);
    const issue = await issueWith('TypeError');
    const file = join(work, 'capture.mjs');
    expect(issue).toMatchObject({
      message: 'user is undefined',
      filePath: file,
      lineNumber: 4,
      level: 'ERROR',
      environments: ['staging'],
    });
    expect(issue!.occurrences[0]).toMatchObject({ version: 'app@2.0.0' });
    expect(issue!.occurrences[0]!.context).toMatchObject({ sdk: { name: 'sentry.javascript.node' } });

    const rest = await report(
      server().url,
      runtimeReport({ project_id: 'sentry_app' }, { type: 'TypeError', file_path: file, line_number: 4 }),
    );
    expect(rest.body).toMatchObject({ message: 'Log deduplicated', id: issue!.id });
  });

  it('captureMessage arrives grouped by its message, info stored as WARNING', async () => {
    const script = `import * as Sentry from '@sentry/node';
Sentry.init({ dsn: ${JSON.stringify(key.dsn)} });
Sentry.captureMessage('Cache warm-up took too long', 'info');
Sentry.captureMessage('Cache warm-up took too long', 'info');
await Sentry.flush(5000);
`;
    expect((await runScript('message.mjs', script)).code).toBe(0);
    const issue = await issueWith('Cache warm-up took too long');
    expect(issue).toMatchObject({ level: 'WARNING', occurrenceCount: 2, filePath: null });
  });

  it('Python logging events (sentry-sdk) group by their template and show the formatted message', async () => {
    const script = `import logging, sentry_sdk
sentry_sdk.init(dsn=${JSON.stringify(key.dsn)}, environment="production")
logging.error("payment failed for order %s", 42)
logging.error("payment failed for order %s", 43)
sentry_sdk.flush(5)
`;
    writeFileSync(join(work, 'logging_events.py'), script);
    // Debian's python3 sees Debian's sentry-sdk; a python3 earlier on PATH may not.
    const result = await promisify(execFile)('/usr/bin/python3', [join(work, 'logging_events.py')]).then(
      () => 0,
      (e: { code: number }) => e.code,
    );
    expect(result).toBe(0);
    const issue = await issueWith('payment failed for order %s');
    expect(issue).toMatchObject({ occurrenceCount: 2, message: 'payment failed for order 43' });
    expect(issue!.occurrences.map((o) => o.message).sort()).toEqual([
      'payment failed for order 42',
      'payment failed for order 43',
    ]);
  });

  it('an uncaught exception in a child process arrives before it exits', async () => {
    const script = `import * as Sentry from '@sentry/node';
Sentry.init({ dsn: ${JSON.stringify(key.dsn)}, environment: 'production' });
setTimeout(() => { throw new RangeError('index out of bounds'); }, 10);
`;
    const result = await runScript('uncaught.mjs', script);
    expect(result.code).toBe(1);
    const issue = await issueWith('RangeError');
    expect(issue).toMatchObject({
      message: 'index out of bounds',
      filePath: join(work, 'uncaught.mjs'),
      lineNumber: 3,
      level: 'CRITICAL',
    });
  });
});

describe('what the Sentry endpoints read before the key', () => {
  /** Sends headers and the first `sendBytes` of a `totalBytes` body, then waits for an answer without sending the rest. */
  function answerBeforeBody(
    path: string,
    headers: Record<string, string>,
    totalBytes: number,
    sendBytes: number,
  ): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const url = new URL(path, server().url);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: 'POST',
          headers: { ...headers, 'content-length': String(totalBytes) },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode!, body });
          });
        },
      );
      req.on('error', reject);
      req.write(Buffer.alloc(sendBytes, 0x7b));
      setTimeout(() => reject(new Error('no answer before the body was sent')), 5000).unref();
    });
  }

  it('checks a key sent beside the body before reading it: a wrong key gets 403 with the body unsent', async () => {
    const res = await answerBeforeBody(
      `/api/${dsnId}/envelope/`,
      { ...auth('not-a-key'), 'content-type': 'application/x-sentry-envelope' },
      19_000_000,
      1000,
    );
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'forbidden', message: 'unknown Sentry key for this project' });
    const store = await answerBeforeBody(`/api/${dsnId}/store/`, { 'content-type': 'application/json' }, 500_000, 1000);
    expect(store.status).toBe(403);
  });

  it('answers 413 as soon as a body passes its limit: 20 MiB for envelopes, 1 MiB for events', async () => {
    const envelopeAnswer = await answerBeforeBody(
      `/api/${dsnId}/envelope/`,
      { ...auth(), 'content-type': 'application/x-sentry-envelope' },
      21 * 1024 * 1024,
      1000,
    );
    expect(envelopeAnswer.status).toBe(413);
    expect(JSON.parse(envelopeAnswer.body).message).toBe('request body exceeds 20971520 bytes (20 MiB)');
    const storeAnswer = await answerBeforeBody(
      `/api/${dsnId}/store/`,
      { ...auth(), 'content-type': 'application/json' },
      2 * 1024 * 1024,
      1000,
    );
    expect(storeAnswer.status).toBe(413);
  });
});
