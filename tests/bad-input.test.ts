// Bad input gets a clear 4xx naming the field and the reason, and changes nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { useServer } from './helpers/server.ts';
import { post, rawPost } from './helpers/http.ts';
import { runtimeReport } from './helpers/fixtures.ts';

const server = useServer();

async function counts() {
  const p = server().app.db.prisma;
  const [projects, issues, occurrences, transitions] = await Promise.all([
    p.project.count(),
    p.issue.count(),
    p.occurrence.count(),
    p.statusTransition.count(),
  ]);
  return { projects, issues, occurrences, transitions };
}

let before: Awaited<ReturnType<typeof counts>>;
beforeEach(async () => {
  before = await counts();
});

async function expectRejected(
  body: string,
  status: number,
  error: string,
  details?: { path: string; reason: RegExp | string }[],
) {
  const res = await rawPost(server().url, '/api/v1/logs/report', body, { 'content-type': 'application/json' });
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ error, message: expect.any(String) });
  if (details) {
    for (const d of details) {
      expect(res.body.details, JSON.stringify(res.body)).toContainEqual({
        path: d.path,
        reason: typeof d.reason === 'string' ? d.reason : expect.stringMatching(d.reason),
      });
    }
  }
  expect(await counts()).toEqual(before);
  return res.body;
}

const valid = () => runtimeReport({ project_id: 'bad_input' });
const without = (path: string) => {
  const body: any = valid();
  const [head, tail] = path.split('.');
  if (tail) delete body[head!][tail];
  else delete body[head!];
  return JSON.stringify(body);
};
const withValue = (path: string, value: unknown) => {
  const body: any = valid();
  const [head, tail] = path.split('.');
  if (tail) body[head!][tail] = value;
  else body[head!] = value;
  return JSON.stringify(body);
};

describe('POST /api/v1/logs/report rejects', () => {
  it('malformed JSON with 400', async () => {
    const body = await expectRejected('{"project_id": "x", ', 400, 'invalid_json');
    expect(body.message).toMatch(/not valid JSON/);
  });

  it('an empty body with 400', async () => {
    await expectRejected('', 400, 'empty_body');
  });

  it.each([
    ['an array', '[1, 2]', 'must be an object, got an array'],
    ['a string', '"hello"', 'must be an object, got string "hello"'],
    ['null', 'null', 'must be an object, got null'],
    ['a number', '42', 'must be an object, got number 42'],
  ])('a body that is %s with 422', async (_, text, reason) => {
    await expectRejected(text, 422, 'validation_failed', [{ path: 'body', reason }]);
  });

  it.each(['project_id', 'environment', 'level', 'error', 'error.type', 'error.message'])(
    'a report without %s with 422 naming it',
    async (field) => {
      await expectRejected(without(field), 422, 'validation_failed', [{ path: field, reason: 'is required' }]);
    },
  );

  it('every missing field at once', async () => {
    const body = await expectRejected('{}', 422, 'validation_failed');
    expect(body.details.map((d: { path: string }) => d.path)).toEqual(['project_id', 'environment', 'level', 'error']);
  });

  it.each([
    ['project_id', 42, /must be a string, got number 42/],
    ['project_id', 'has spaces', /letters, digits/],
    ['project_id', '', /letters, digits/],
    ['environment', '', /must not be empty/],
    ['environment', 5, /must be a string/],
    ['level', 'INFO', 'must be one of WARNING, ERROR, CRITICAL, got "INFO"'],
    ['level', 3, /must be a string/],
    ['source', 'browser', 'must be one of runtime, cicd, deployment, got "browser"'],
    ['timestamp', 'yesterday', /ISO 8601/],
    ['timestamp', 1706610600, /must be a string/],
    ['version', 3, /must be a string/],
    ['commit_hash', ['abc'], /must be a string, got an array/],
    ['context', ['a'], 'must be an object, got an array'],
    ['context', 'x', /must be an object/],
    ['error', 'boom', 'must be an object, got string "boom"'],
    ['error.type', '', /must not be empty/],
    ['error.message', null, 'must be a string, got null'],
    ['error.line_number', '42', 'must be a number, got string "42"'],
    ['error.line_number', 4.5, /int/],
    ['error.line_number', -1, /0/],
    ['error.file_path', 12, /must be a string/],
    ['error.stack_trace', [1, 2], 'must be an array of strings or a string'],
    ['error.stack_trace', { frames: [] }, 'must be an array of strings or a string'],
  ])('%s = %j with 422', async (path, value, reason) => {
    await expectRejected(withValue(path, value), 422, 'validation_failed', [{ path, reason }]);
  });

  it('a body over 1 MiB with 413', async () => {
    const huge = withValue('error.message', 'x'.repeat(1024 * 1024));
    const body = await expectRejected(huge, 413, 'payload_too_large');
    expect(body.message).toMatch(/1 MiB/);
  });

  it('a body just under 1 MiB is accepted', async () => {
    const text = withValue('error.message', 'x'.repeat(1024 * 1024 - 400));
    expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
    const res = await post(server().url, '/api/v1/logs/report', undefined, {
      raw: text,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
  });
});

describe('unknown routes', () => {
  it('answer 404 with the error shape', async () => {
    const res = await rawPost(server().url, '/api/v1/logs/nope', '{}');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found', message: 'no route for POST /api/v1/logs/nope' });
  });
});
