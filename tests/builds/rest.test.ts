// Build logs over REST against the real server: lines numbered gaplessly as they are accepted,
// batches stored whole or not at all, paging by line number, steps and statuses, download,
// the seed's print API, and who may read.
import { describe, expect } from 'vitest';
import { test } from '../testkit/test.ts';
import { buildPath, numberedLines } from '../testkit/seed.ts';
import { get, post, put, rawPost } from '../helpers/http.ts';
import { requireIngestKey } from '../helpers/keys.ts';
import { pageJson } from '../../server/src/builds/schemas.ts';

const P = 'builds_rest';

describe('build log lines', () => {
  test('are numbered from 1 in the order batches are accepted, and read back by line number', async ({
    server,
    seed,
  }) => {
    const build = seed.project(P).build();
    expect(await build.append({ message: 'first', tag: 'checkout', timestamp: 1_700_000_000_123 })).toEqual({
      accepted: 1,
      firstLineNo: 1,
      lastLineNo: 1,
    });
    expect(await build.append({ tag: 'compile', lines: numberedLines(2, 501) })).toEqual({
      accepted: 500,
      firstLineNo: 2,
      lastLineNo: 501,
    });

    const first = await get(server.url, `${build.path}/logs?num=3`);
    expect(first.status, first.text).toBe(200);
    // The lines arrive as the database wrote them: held to the documented schema, no more, no less.
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(pageJson.parse(first.body)).toEqual(first.body);
    expect(first.body).toMatchObject({ hasMore: true, finished: false, status: 'RUNNING', lineCount: 501 });
    expect(first.body.lines.map((l: { lineNo: number }) => l.lineNo)).toEqual([1, 2, 3]);
    expect(first.body.lines[0]).toMatchObject({
      message: 'first',
      tag: 'checkout',
      subTag: null,
      jobId: null,
      logType: 'LOG',
      executeCount: 1,
      timestamp: 1_700_000_000_123,
    });

    // The next page starts after the last line received; the last page comes from the end.
    const next = await get(server.url, `${build.path}/logs?start=4&num=2`);
    expect(next.body.lines.map((l: { message: string }) => l.message)).toEqual(['line 4', 'line 5']);
    const tail = await get(server.url, `${build.path}/logs?fromStart=false&num=2`);
    expect(tail.body).toMatchObject({ hasMore: true });
    expect(tail.body.lines.map((l: { lineNo: number }) => l.lineNo)).toEqual([500, 501]);
    const range = await get(server.url, `${build.path}/logs?start=499&end=600`);
    expect(range.body).toMatchObject({ hasMore: false });
    expect(range.body.lines).toHaveLength(3);

    const meta = await get(server.url, build.path);
    expect(meta.body).toMatchObject({
      projectId: P,
      build: build.number,
      status: 'RUNNING',
      lineCount: 501,
      steps: [
        { tag: 'checkout', lineCount: 1, firstLineNo: 1, lastLineNo: 1, status: 'RUNNING' },
        { tag: 'compile', lineCount: 500, firstLineNo: 2, lastLineNo: 501 },
      ],
    });
  });

  test('from concurrent writers to one build get gapless numbers, each batch consecutive', async ({ server, seed }) => {
    const build = seed.project(P).build();
    const writers = 16;
    const answers = await Promise.all(
      Array.from({ length: writers }, (_, w) => build.append({ lines: numberedLines(1, 50, { jobId: `w${w}` }) })),
    );
    const ranges = answers.map((a) => [a.firstLineNo, a.lastLineNo]).sort((a, b) => a[0]! - b[0]!);
    expect(ranges).toEqual(Array.from({ length: writers }, (_, i) => [i * 50 + 1, i * 50 + 50]));

    const all = await get(server.url, `${build.path}/logs?num=10000`);
    expect(all.body.lines.map((l: { lineNo: number }) => l.lineNo)).toEqual(
      Array.from({ length: writers * 50 }, (_, i) => i + 1),
    );
    // Each writer's lines are one run, in the order it sent them.
    for (const [w, a] of answers.entries()) {
      const run = all.body.lines.slice(a.firstLineNo - 1, a.lastLineNo);
      expect(run.every((l: { jobId: string }) => l.jobId === `w${w}`)).toBe(true);
      expect(run.map((l: { message: string }) => l.message)).toEqual(numberedLines(1, 50).map((l) => l.message));
    }
  });

  test('are filtered by step, sub-tag and job, and numbered apart per execute count', async ({ server, seed }) => {
    const build = seed.project(P).build();
    await build.append({
      lines: [
        { message: 'a', tag: 'one' },
        { message: 'b', tag: 'two', subTag: 's', jobId: 'j' },
      ],
    });
    await build.append({ lines: [{ message: 'c', tag: 'one' }] });
    const one = await get(server.url, `${build.path}/logs?tag=one`);
    expect(one.body.lines.map((l: { lineNo: number; message: string }) => [l.lineNo, l.message])).toEqual([
      [1, 'a'],
      [3, 'c'],
    ]);
    const sub = await get(server.url, `${build.path}/logs?subTag=s&jobId=j`);
    expect(sub.body.lines.map((l: { message: string }) => l.message)).toEqual(['b']);
    expect((await get(server.url, `${build.path}/logs?tag=none`)).body.lines).toEqual([]);

    // A retry: numbered from 1 again; reads default to the newest execution.
    expect(await build.append({ executeCount: 2, lines: numberedLines(1, 2) })).toMatchObject({ firstLineNo: 1 });
    const retry = await get(server.url, `${build.path}/logs`);
    expect(retry.body).toMatchObject({ executeCount: 2, lineCount: 2 });
    const earlier = await get(server.url, `${build.path}/logs?executeCount=1`);
    expect(earlier.body).toMatchObject({ executeCount: 1, lineCount: 3 });
  });

  // The store sends a column once when the whole batch shares it, and per line otherwise:
  // the lines read back must be the same either way, steps included.
  test('keep each line’s own time, type, step, sub-tag and job, whether a batch shares them or not', async ({
    server,
    seed,
  }) => {
    const shared = { timestamp: 1_767_000_000_000, logType: 'WARN', tag: 'compile', subTag: 's', jobId: 'j' } as const;
    const varied = [
      { message: 'v1', timestamp: 1_767_000_000_001, logType: 'ERROR', tag: 'compile', subTag: 's', jobId: 'j' },
      { message: 'v2', timestamp: 1_767_000_000_002, logType: 'LOG', tag: null, subTag: null, jobId: null },
      { message: 'v3', timestamp: 1_767_000_000_003, logType: 'DEBUG', tag: 'test', subTag: 't', jobId: 'k' },
      { message: 'v4', timestamp: 1_767_000_000_004, logType: 'WARN', tag: 'compile', subTag: 's', jobId: 'j' },
    ] as const;
    const build = seed.project(P).build();
    await build.append({ ...shared, lines: [{ message: 's1' }, { message: 's2' }] });
    await build.append({ lines: [...varied] });
    await build.append({ lines: [{ message: 'n1' }, { message: 'n2' }] });

    const page = await get(server.url, `${build.path}/logs`);
    const fields = ({ lineNo, message, timestamp, logType, tag, subTag, jobId }: Record<string, unknown>) => ({
      lineNo,
      message,
      timestamp,
      logType,
      tag,
      subTag,
      jobId,
    });
    const none = { tag: null, subTag: null, jobId: null, logType: 'LOG' };
    expect(page.body.lines.slice(0, 6).map(fields)).toEqual([
      { lineNo: 1, message: 's1', ...shared },
      { lineNo: 2, message: 's2', ...shared },
      ...varied.map((l, i) => ({ lineNo: 3 + i, ...l })),
    ]);
    expect(page.body.lines.slice(6).map(fields)).toEqual([
      expect.objectContaining({ lineNo: 7, message: 'n1', ...none }),
      expect.objectContaining({ lineNo: 8, message: 'n2', ...none }),
    ]);
    expect((await get(server.url, build.path)).body.steps).toEqual([
      expect.objectContaining({ tag: 'compile', lineCount: 4, firstLineNo: 1, lastLineNo: 6 }),
      expect.objectContaining({ tag: 'test', lineCount: 1, firstLineNo: 5, lastLineNo: 5 }),
    ]);
  });

  test('keep ANSI as sent, cut lines over 64 KiB with a marker, and replace invalid UTF-8', async ({
    server,
    seed,
  }) => {
    const build = seed.project(P).build();
    const colour = '\u001b[31mred\u001b[0m plain';
    const long = 'x'.repeat(70 * 1024);
    await build.append({ lines: [{ message: colour }, { message: long }] });
    const bytes = Buffer.concat([
      Buffer.from('{"message":"bad '),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from(' bytes"}'),
    ]);
    const res = await fetch(`${server.url}${build.path}/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bytes,
    });
    expect(res.status).toBe(200);

    const { body } = await get(server.url, `${build.path}/logs`);
    expect(body.lines[0].message).toBe(colour);
    expect(Buffer.byteLength(body.lines[1].message)).toBeLessThanOrEqual(64 * 1024);
    expect(body.lines[1].message).toMatch(/^x+… \[truncated: \d+ of 71680 bytes\]$/);
    expect(body.lines[2].message).toBe('bad \uFFFD(\uFFFD bytes');
  });
});

describe('bad build log input', () => {
  const cases: [string, unknown, string][] = [
    ['a line with no message', { tag: 'x' }, 'message'],
    [
      'a bad log type in a batch',
      { lines: [{ message: 'ok' }, { message: 'no', logType: 'SHOUT' }] },
      'lines[1].logType',
    ],
    ['an empty batch', { lines: [] }, 'lines'],
    ['a batch over 10,000 lines', { lines: numberedLines(1, 10_001) }, 'lines'],
    ['a message and lines', { message: 'a', lines: [{ message: 'b' }] }, 'lines'],
    ['a timestamp that is no time', { message: 'a', timestamp: 'yesterday' }, 'timestamp'],
    ['a tag over 200 characters', { lines: [{ message: 'a', tag: 't'.repeat(201) }] }, 'lines[0].tag'],
    [
      'lines of two execute counts',
      { lines: [{ message: 'a' }, { message: 'b', executeCount: 2 }] },
      'lines[1].executeCount',
    ],
  ];
  for (const [what, body, path] of cases) {
    test(`is refused with 4xx naming the field, storing nothing: ${what}`, async ({ server, seed }) => {
      const build = seed.project(P).build();
      await build.append({ message: 'before' });
      const res = await post(server.url, `${build.path}/logs`, body, { anonymous: true });
      expect(res.status, res.text).toBe(422);
      expect(res.body.details).toContainEqual(expect.objectContaining({ path }));
      expect((await get(server.url, build.path)).body.lineCount).toBe(1);
    });
  }

  test('is refused in the path: an over-long pipeline name, a malformed project', async ({ server }) => {
    const long = await post(server.url, `${buildPath(P, 'p'.repeat(201), '1')}/logs`, { message: 'a' });
    expect(long.status).toBe(422);
    expect(long.body.details).toContainEqual(expect.objectContaining({ path: 'pipeline' }));
    const bad = await post(server.url, `${buildPath('-bad', 'p', '1')}/logs`, { message: 'a' });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toContainEqual(expect.objectContaining({ path: 'project_id' }));
  });
});

describe('build status', () => {
  test('ends steps and then the build; reads say whether what they read has finished', async ({ server, seed }) => {
    const build = seed.project(P).build('Release ünïcode 🚀');
    await build.append({
      lines: [
        { message: 'a', tag: 'test' },
        { message: 'b', tag: 'deploy' },
      ],
    });
    const step = await build.finish('failure', 'test');
    expect(step.steps).toEqual([
      expect.objectContaining({ tag: 'test', status: 'FAILURE', finishedAt: expect.any(String) }),
      expect.objectContaining({ tag: 'deploy', status: 'RUNNING', finishedAt: null }),
    ]);
    expect((await get(server.url, `${build.path}/logs?tag=test`)).body.finished).toBe(true);
    expect((await get(server.url, `${build.path}/logs`)).body.finished).toBe(false);

    const ended = await build.finish('failure');
    expect(ended).toMatchObject({ pipeline: 'Release ünïcode 🚀', status: 'FAILURE', finishedAt: expect.any(String) });
    // The step that never said it ended ends with the build.
    expect(ended.steps[1]).toMatchObject({ tag: 'deploy', status: 'CANCELLED' });
    expect((await get(server.url, `${build.path}/logs`)).body).toMatchObject({ finished: true, status: 'FAILURE' });
  });

  test('starts a step before its first line, and makes the build', async ({ server, seed }) => {
    const build = seed.project(P).build();
    const res = await put(server.url, `${build.path}/status`, { tag: 'setup', finished: false }, { anonymous: true });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'RUNNING', steps: [{ tag: 'setup', status: 'RUNNING', lineCount: 0 }] });
    const bad = await put(server.url, `${build.path}/status`, { finished: true, result: 'maybe' }, { anonymous: true });
    expect(bad.status).toBe(422);
    expect(bad.body.details).toContainEqual(expect.objectContaining({ path: 'result' }));
  });
});

describe('build log download', () => {
  test('is the log as sent, one line per line, with escapes kept or stripped', async ({ server, seed }) => {
    const build = seed.project(P).build();
    // What the text format of COPY escapes (backslashes, tabs, carriage returns and other
    // controls) and UTF-8 of every width, among enough lines to come in many pieces.
    const tricky = [
      'C:\\build\\out \\n is not a newline, \\\\ two',
      'tab\there\rcarriage\bback\fform\vvertical',
      'é → 😀 ünïcödé',
      '\u001b]8;;https://ci.test/é\u001b\\a link\u001b]8;;\u001b\\ \u001b[31mred\u001b[0m\\',
    ];
    const lines = [
      ...numberedLines(1, 12_000).map((l, i) => (i % 1000 === 7 ? { message: tricky[((i / 1000) % 4) | 0]! } : l)),
      { message: '\u001b[1;32mok\u001b[0m \u001b]0;title\u0007done\u001b[2K' },
    ];
    for (let i = 0; i < lines.length; i += 5000) await build.append({ lines: lines.slice(i, i + 5000) });

    const res = await fetch(`${server.url}${build.path}/logs/download`, {
      headers: { authorization: (await import('../helpers/auth.ts')).adminAuthorization },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    expect(await res.text()).toBe(lines.map((l) => `${l.message}\n`).join(''));

    const stripped = await get(server.url, `${build.path}/logs/download?ansi=strip`);
    expect(stripped.text.split('\n').at(-2)).toBe('ok done');
    expect(stripped.text).toContain('\na link red\\\n');
    expect(stripped.text).toContain('\nC:\\build\\out \\n is not a newline, \\\\ two\n');
    expect(stripped.text).not.toContain('\u001b');

    const step = await get(server.url, `${build.path}/logs/download?tag=nope`);
    expect([step.status, step.text]).toEqual([200, '']);
  });
  test('stopped half-way by its reader leaves the server and its connections working', async ({ server, seed }) => {
    const build = seed.project(P).build();
    // 24 MB: more than the sockets between here and PostgreSQL hold, so the copy is cut short.
    const long = (from: number) =>
      numberedLines(from, from + 799).map((l) => ({ message: l.message.padEnd(1000, '.') }));
    for (let i = 1; i <= 24_000; i += 800) await build.append({ lines: long(i) });
    const auth = { authorization: (await import('../helpers/auth.ts')).adminAuthorization };
    for (let attempt = 0; attempt < 12; attempt++) {
      const stop = new AbortController();
      const res = await fetch(`${server.url}${build.path}/logs/download`, { headers: auth, signal: stop.signal });
      await res.body!.getReader().read();
      stop.abort();
    }
    // More reads than the pool has connections, then the whole log again.
    for (let i = 0; i < 25; i++) expect((await get(server.url, `${build.path}/logs?num=1`)).status).toBe(200);
    const again = await fetch(`${server.url}${build.path}/logs/download`, { headers: auth });
    expect((await again.text()).split('\n')).toHaveLength(24_001);
  });
});

describe('reading build logs', () => {
  test('needs READ; writing is open, and needs the key when the project requires one', async ({ server, seed }) => {
    const build = seed.project('builds_keyed').build();
    await build.append({ message: 'open' });
    expect((await get(server.url, `${build.path}/logs`, { anonymous: true })).status).toBe(401);
    expect((await get(server.url, `${build.path}/logs/download`, { anonymous: true })).status).toBe(401);
    expect((await get(server.url, build.path, { anonymous: true })).status).toBe(401);

    const key = await requireIngestKey(server.url, 'builds_keyed');
    const refused = await post(server.url, `${build.path}/logs`, { message: 'no key' }, { anonymous: true });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: 'key_required' });
    await build.append({ message: 'keyed' }, { 'x-log-center-key': key.publicKey });
    expect((await get(server.url, build.path)).body.lineCount).toBe(2);
  });

  test('of a build that does not exist is 404', async ({ server }) => {
    const res = await get(server.url, `${buildPath(P, 'nope', '1')}/logs`);
    expect(res.status).toBe(404);
  });
});

describe('the seed print API', () => {
  const headers = (number: string) => ({
    'x-devops-project-id': P,
    'x-devops-pipeline-id': encodeURIComponent('Nightly 构建'),
    'x-devops-build-id': number,
  });

  test('stores LogMessages and LogStatusEvents into the same builds', async ({ server }) => {
    const number = `print-${Date.now()}`;
    const one = await post(
      server.url,
      '/api/v1/build/logs/print',
      { message: 'hello', timestamp: 1767000000000, tag: 'e-1', logType: 'WARN', executeCount: 1, extra: 'kept out' },
      { anonymous: true, headers: headers(number) },
    );
    expect(one.status, one.text).toBe(200);
    expect(one.body).toEqual({ status: 0, data: true, message: null });
    const multi = await rawPost(
      server.url,
      '/api/v1/build/logs/print/multi',
      JSON.stringify([
        { message: 'two', tag: 'e-1' },
        { message: 'three', tag: 'e-2' },
      ]),
      { 'content-type': 'application/json', ...headers(number) },
    );
    expect(multi.status).toBe(200);
    const status = await post(
      server.url,
      '/api/v1/build/logs/print/status',
      { tag: 'e-1', finished: true, executeCount: 1 },
      { anonymous: true, headers: headers(number) },
    );
    expect(status.status, status.text).toBe(200);

    const read = await get(server.url, `${buildPath(P, 'Nightly 构建', number)}/logs`);
    expect(read.body.lines.map((l: { message: string; logType: string }) => [l.message, l.logType])).toEqual([
      ['hello', 'WARN'],
      ['two', 'LOG'],
      ['three', 'LOG'],
    ]);
    expect(read.body.lines[0].timestamp).toBe(1767000000000);
    const meta = await get(server.url, buildPath(P, 'Nightly 构建', number));
    expect(meta.body.steps).toEqual([
      expect.objectContaining({ tag: 'e-1', status: 'SUCCESS', lineCount: 2 }),
      expect.objectContaining({ tag: 'e-2', status: 'RUNNING', lineCount: 1 }),
    ]);
  });

  test('refuses a request without the build headers, naming the header', async ({ server }) => {
    const res = await post(
      server.url,
      '/api/v1/build/logs/print',
      { message: 'x' },
      { anonymous: true, headers: { 'x-devops-project-id': P, 'x-devops-pipeline-id': 'p' } },
    );
    expect(res.status).toBe(422);
    expect(res.body.details).toContainEqual(expect.objectContaining({ path: 'x-devops-build-id' }));
  });
});
