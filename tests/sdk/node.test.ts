// @logcenter/sdk in Node, against the real server and a recording stand-in.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogCenterClient, retryAfterMs, type Report } from '@logcenter/sdk';
import { useServer } from '../helpers/server.ts';
import { startCapture, type Capture } from '../helpers/capture.ts';
import { requireIngestKey } from '../helpers/keys.ts';

const server = useServer();
const prisma = () => server().app.db.prisma;
// Inside the repository, so that child scripts resolve @logcenter/sdk like an app would.
const artifacts = new URL('../artifacts/', import.meta.url).pathname;
mkdirSync(artifacts, { recursive: true });
const work = mkdtempSync(join(artifacts, 'sdk-'));
let capture: Capture;
beforeAll(async () => {
  capture = await startCapture();
});
afterAll(async () => {
  await capture.close();
  rmSync(work, { recursive: true, force: true });
});

const client = (options: Partial<ConstructorParameters<typeof LogCenterClient>[0]> = {}) =>
  new LogCenterClient({
    url: server().url,
    projectId: 'sdk_node',
    environment: 'staging',
    release: '2.4.1',
    ...options,
  });
const lastOccurrence = (projectId: string) =>
  prisma().occurrence.findFirstOrThrow({ where: { projectId }, orderBy: { id: 'desc' } });

describe('@logcenter/sdk (Node)', () => {
  it('captures an exception with its type, message, file, line, release and environment', async () => {
    const c = client();
    c.addBreadcrumb({ message: 'loaded user', category: 'db' });
    // The line after this one, where the error is made.
    const line = Number(new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1]) + 1;
    const error = new RangeError('page out of range');
    c.captureException(error, { route: '/users' });
    expect(await c.flush()).toBe(true);
    const issue = await prisma().issue.findFirstOrThrow({ where: { projectId: 'sdk_node', errorType: 'RangeError' } });
    expect(issue).toMatchObject({
      message: 'page out of range',
      filePath: new URL(import.meta.url).pathname,
      lineNumber: line,
      level: 'ERROR',
      environments: ['staging'],
    });
    const occurrence = await lastOccurrence('sdk_node');
    expect(occurrence.version).toBe('2.4.1');
    expect(occurrence.stackTrace[0]).toBe('RangeError: page out of range');
    expect(occurrence.context).toMatchObject({
      route: '/users',
      breadcrumbs: [expect.objectContaining({ message: 'loaded user', category: 'db' })],
      sdk: { name: '@logcenter/sdk', version: expect.any(String) },
    });
  });

  it('sends its key, for a project that accepts reports only with one', async () => {
    const key = await requireIngestKey(server().url, 'sdk_keyed');
    const withoutKey = client({ projectId: 'sdk_keyed' });
    withoutKey.captureMessage('refused');
    await withoutKey.flush();
    const withKey = client({ projectId: 'sdk_keyed', key: key.publicKey });
    withKey.captureMessage('accepted');
    expect(await withKey.flush()).toBe(true);
    const messages = (await prisma().occurrence.findMany({ where: { projectId: 'sdk_keyed' } })).map((o) => o.message);
    expect(messages).toEqual(['accepted']);
  });

  it('captures a message, grouped by where it was captured', async () => {
    const c = client({ projectId: 'sdk_message' });
    c.captureMessage('cache cold', 'WARNING');
    c.captureMessage('cache cold again', 'WARNING');
    await c.flush();
    const issues = await prisma().issue.findMany({ where: { projectId: 'sdk_message' } });
    expect(issues).toHaveLength(2);
    expect(issues.every((i) => i.errorType === 'Message' && i.filePath === new URL(import.meta.url).pathname)).toBe(
      true,
    );
  });

  it('lets beforeSend change a report or drop it', async () => {
    const c = client({
      projectId: 'sdk_before',
      beforeSend: (report: Report) =>
        report.error.message.includes('secret') ? null : { ...report, context: { ...report.context, scrubbed: true } },
    });
    c.captureException(new Error('kept'));
    c.captureException(new Error('has a secret token'));
    await c.flush();
    const issues = await prisma().issue.findMany({
      where: { projectId: 'sdk_before' },
      include: { occurrences: true },
    });
    expect(issues.map((i) => i.message)).toEqual(['kept']);
    expect(issues[0]!.occurrences[0]!.context).toMatchObject({ scrubbed: true });
  });

  it('reports 5xx responses and ignores the rest', async () => {
    const c = client({ projectId: 'sdk_http' });
    c.captureResponse({ status: 404, url: 'https://api.example.com/users/1' });
    c.captureResponse({ status: 502, url: 'https://api.example.com/users/1', statusText: 'Bad Gateway' }, {}, 'POST');
    await c.flush();
    const issues = await prisma().issue.findMany({ where: { projectId: 'sdk_http' }, include: { occurrences: true } });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      errorType: 'HttpServerError',
      message: 'POST https://api.example.com/users/1 answered 502 Bad Gateway',
    });
    expect(issues[0]!.occurrences[0]!.context).toMatchObject({ status: 502, method: 'POST' });
  });

  it('retries with backoff on 5xx and network errors', async () => {
    const before = capture.requests.length;
    capture.respond(503, 500);
    const c = client({ url: capture.url });
    c.captureException(new Error('flaky'));
    expect(await c.flush(10_000)).toBe(true);
    const attempts = capture.requests.slice(before);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
  });

  it('waits as long as a 429 Retry-After says', async () => {
    const before = capture.requests.length;
    capture.respond({ status: 429, headers: { 'retry-after': '1' } });
    const c = client({ url: capture.url });
    const start = Date.now();
    c.captureException(new Error('throttled'));
    expect(await c.flush(10_000)).toBe(true);
    expect(capture.requests.length - before).toBe(2);
    expect(Date.now() - start).toBeGreaterThanOrEqual(1000);
    expect(retryAfterMs('Wed, 21 Oct 2099 07:28:00 GMT')).toBe(600_000);
    expect(retryAfterMs('0')).toBe(1000);
  });

  it('keeps a bounded queue, gives up after its timeout, and never throws', async () => {
    // A server that accepts connections and never answers.
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const c = client({
        url: `http://127.0.0.1:${(silent.address() as { port: number }).port}`,
        maxQueue: 10,
        timeoutMs: 200,
        maxRetries: 0,
      });
      expect(() => {
        for (let i = 0; i < 25; i++) c.captureException(new Error(`burst ${i}`));
        c.captureException(null);
        c.captureException('a string');
        c.captureException({
          weird: true,
          toJSON() {
            throw new Error('nope');
          },
        });
        c.captureMessage(undefined as unknown as string);
      }).not.toThrow();
      await new Promise((r) => setTimeout(r, 50));
      expect(c.transport.pending).toBeLessThanOrEqual(11);
      expect(c.transport.dropped).toBeGreaterThanOrEqual(15);
      const start = Date.now();
      expect(await c.flush(10_000)).toBe(true);
      // Eleven requests (one in flight plus ten queued), each cut off at 200 ms.
      expect(Date.now() - start).toBeLessThan(5000);
    } finally {
      silent.close();
    }
  });

  it('reports an uncaught exception in a process, then exits as Node would', async () => {
    const script = join(work, 'crash.mjs');
    writeFileSync(
      script,
      `import { init } from '@logcenter/sdk/node';
init({ url: process.env.LOG_CENTER_URL, projectId: 'sdk_crash', environment: 'production', release: '1.0.0' });
setTimeout(() => { throw new SyntaxError('bad config line'); }, 10);
`,
    );
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, LOG_CENTER_URL: server().url },
      cwd: new URL('../../', import.meta.url).pathname,
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(1);
    expect(stderr).toContain('SyntaxError: bad config line');
    const issue = await prisma().issue.findFirstOrThrow({
      where: { projectId: 'sdk_crash' },
      include: { occurrences: true },
    });
    expect(issue).toMatchObject({
      errorType: 'SyntaxError',
      message: 'bad config line',
      filePath: script,
      lineNumber: 3,
      level: 'CRITICAL',
    });
    expect(issue.occurrences[0]!.context).toMatchObject({
      mechanism: 'uncaughtException',
      handled: false,
      runtime: process.version ? `node ${process.version}` : expect.any(String),
    });
  });

  it('reports an unhandled rejection in a process, then exits', async () => {
    const script = join(work, 'reject.mjs');
    writeFileSync(
      script,
      `import { init } from '@logcenter/sdk/node';
init({ url: process.env.LOG_CENTER_URL, projectId: 'sdk_reject' });
Promise.reject(new TypeError('no handler'));
`,
    );
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, LOG_CENTER_URL: server().url },
      cwd: new URL('../../', import.meta.url).pathname,
    });
    expect(await new Promise((r) => child.on('exit', r))).toBe(1);
    const issue = await prisma().issue.findFirstOrThrow({
      where: { projectId: 'sdk_reject' },
      include: { occurrences: true },
    });
    expect(issue).toMatchObject({ errorType: 'TypeError', message: 'no handler', lineNumber: 3 });
    expect(issue.occurrences[0]!.context).toMatchObject({ mechanism: 'unhandledRejection' });
  });
});
