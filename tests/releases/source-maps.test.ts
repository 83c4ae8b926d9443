// Source maps end to end: a minified bundle built with esbuild, its debug ids injected and its
// maps uploaded with the real sentry-cli (chunk upload, assemble), then errors from it sent by
// the Sentry Node SDK and by @logcenter/sdk: resolved to the original file, line, function and
// source context, one issue whichever SDK sent them, the minified trace kept beside.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, useServer } from '../helpers/server.ts';
import { adminAuthorization, TEST_ADMIN_TOKEN } from '../helpers/auth.ts';
import { post, put, report } from '../helpers/http.ts';
import { sentryCli } from '../helpers/sentry-cli.ts';
import { apiToken } from '../helpers/tokens.ts';
import { runtimeReport } from '../helpers/fixtures.ts';

const server = useServer();
const root = new URL('../../', import.meta.url).pathname;
const artifacts = join(root, 'tests/artifacts');
mkdirSync(artifacts, { recursive: true });
const work = mkdtempSync(join(artifacts, 'sourcemaps-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dist = join(work, 'dist');

const CART = `export function addToCart(cart, item) {
  if (!item.sku) {
    throw new TypeError('item has no sku');
  }
  cart.push(item);
  return cart;
}

export function checkout(items) {
  const cart = [];
  for (const item of items) addToCart(cart, item);
  return cart;
}
`;
const SENTRY_APP = `import * as Sentry from '@sentry/node';
import { checkout } from './cart.js';
Sentry.init({ dsn: process.env.DSN, release: 'shop@3.0.0', defaultIntegrations: false });
try {
  checkout([{ sku: 'a' }, {}]);
} catch (err) {
  Sentry.captureException(err);
}
await Sentry.flush(5000);
`;
const SDK_APP = `import { init } from '@logcenter/sdk/node';
import { checkout } from './cart.js';
const client = init({ url: process.env.LOG_CENTER_URL, projectId: 'sm_shop', release: 'shop@3.0.0' });
try {
  checkout([{}]);
} catch (err) {
  client.captureException(err);
}
await client.flush(5000);
`;

const run = (script: string, env: Record<string, string>) =>
  promisify(execFile)(process.execPath, [join(dist, script)], { cwd: root, env: { ...process.env, ...env } });

const cli = (args: string[], token = TEST_ADMIN_TOKEN, url = server().url) => sentryCli(url, token, args);

async function issueOf(errorType: string) {
  return server().app.core.prisma.issue.findFirstOrThrow({
    where: { projectId: 'sm_shop', errorType },
    include: { occurrences: { orderBy: { id: 'asc' } } },
  });
}

beforeAll(async () => {
  mkdirSync(join(work, 'src'), { recursive: true });
  writeFileSync(join(work, 'src/cart.js'), CART);
  writeFileSync(join(work, 'src/sentry.js'), SENTRY_APP);
  writeFileSync(join(work, 'src/sdk.js'), SDK_APP);
  await build({
    entryPoints: [join(work, 'src/sentry.js'), join(work, 'src/sdk.js')],
    outdir: dist,
    bundle: true,
    minify: true,
    sourcemap: true,
    platform: 'node',
    format: 'esm',
    external: ['@sentry/node', '@logcenter/sdk'],
    logLevel: 'silent',
  });
  await put(
    server().url,
    '/api/v1/projects/sm_shop',
    { name: 'Shop' },
    { headers: { authorization: adminAuthorization } },
  );
  const injected = await cli(['sourcemaps', 'inject', dist]);
  expect(injected.code, injected.stderr).toBe(0);
}, 60_000);

describe('source maps', { timeout: 60_000 }, () => {
  it('uploads only with an ADMIN token', async () => {
    const release = await apiToken(server().url, 'RELEASE');
    const refused = await cli(['sourcemaps', 'upload', '-p', 'sm_shop', dist], release);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('this needs the admin permission');
    const uploaded = await cli(['sourcemaps', 'upload', '-p', 'sm_shop', dist]);
    expect(uploaded.code, uploaded.stderr).toBe(0);
    expect(uploaded.stdout).toContain('File processing complete');
    // The same bundle again: the server has it already.
    expect((await cli(['sourcemaps', 'upload', '-p', 'sm_shop', dist])).code).toBe(0);
  });

  it('resolves the Sentry SDK’s frames to the original file, line, function and context', async () => {
    const key = await server().app.core.prisma.projectKey.findFirstOrThrow({
      where: { projectId: 'sm_shop' },
      include: { project: true },
    });
    const url = new URL(server().url);
    await run('sentry.js', { DSN: `http://${key.publicKey}@${url.host}/${key.project.dsnId}` });
    const issue = await issueOf('TypeError');
    expect(issue).toMatchObject({ filePath: 'src/cart.js', lineNumber: 3, message: 'item has no sku' });
    const occurrence = issue.occurrences[0]!;
    expect(occurrence.stackTrace).toEqual(
      expect.arrayContaining([
        '    at checkout (src/cart.js:11:29)',
        '        for (const item of items) addToCart(cart, item);',
        '    at addToCart (src/cart.js:3:11)',
        "        throw new TypeError('item has no sku');",
      ]),
    );
    const minified = (occurrence.context as { _minified: { file_path: string; stack_trace: string[] } })._minified;
    expect(minified.file_path).toBe(join(dist, 'sentry.js'));
    expect(minified.stack_trace.join('\n')).toMatch(/sentry\.js:\d+:\d+/);
  });

  it('resolves @logcenter/sdk’s stack the same way: one issue with the Sentry SDK’s', async () => {
    await run('sdk.js', { LOG_CENTER_URL: server().url });
    const issue = await issueOf('TypeError');
    expect(issue.occurrenceCount).toBe(2);
    const occurrence = issue.occurrences[1]!;
    expect(occurrence).toMatchObject({ filePath: 'src/cart.js', lineNumber: 3 });
    expect(occurrence.stackTrace).toContain('    at addToCart (src/cart.js:3:11)');
    expect((occurrence.context as { _minified: { file_path: string } })._minified.file_path).toBe(join(dist, 'sdk.js'));
    // A report of that original line sent by hand is the same issue too.
    const byHand = await report(
      server().url,
      runtimeReport({ project_id: 'sm_shop' }, { type: 'TypeError', file_path: 'src/cart.js', line_number: 3 }),
    );
    expect(byHand.body.id).toBe(issue.id);
  });

  it('leaves frames without an uploaded map as they came', async () => {
    const res = await report(
      server().url,
      runtimeReport(
        { project_id: 'sm_shop', version: 'shop@3.0.0' },
        {
          type: 'RangeError',
          file_path: '/srv/other.min.js',
          line_number: 1,
          stack_trace: ['RangeError: unmapped', '    at q (/srv/other.min.js:1:4242)'],
        },
      ),
    );
    expect(res.status).toBe(200);
    const issue = await issueOf('RangeError');
    expect(issue).toMatchObject({ filePath: '/srv/other.min.js', lineNumber: 1 });
    expect(issue.occurrences[0]!.context).toBeNull();
  });

  it('refuses chunks that are not what they claim and bundles that are not zips, storing nothing', async () => {
    const asAdmin = { headers: { authorization: adminAuthorization } };
    const garbage = Buffer.from('not a zip at all');
    const sha = (await import('node:crypto')).createHash('sha1').update(garbage).digest('hex');
    const form = new FormData();
    form.append('file', new Blob([garbage]), '0'.repeat(40));
    const wrong = await fetch(`${server().url}/api/0/organizations/acme/chunk-upload/`, {
      method: 'POST',
      body: form,
      headers: asAdmin.headers,
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toEqual({ detail: expect.stringContaining('does not match the SHA-1 of its content') });
    const right = new FormData();
    right.append('file', new Blob([garbage]), sha);
    expect(
      (
        await fetch(`${server().url}/api/0/organizations/acme/chunk-upload/`, {
          method: 'POST',
          body: right,
          headers: asAdmin.headers,
        })
      ).status,
    ).toBe(200);
    const assembled = await post(
      server().url,
      '/api/0/organizations/acme/artifactbundle/assemble/',
      { checksum: sha, chunks: [sha], projects: ['sm_shop'] },
      asAdmin,
    );
    expect(assembled.body).toMatchObject({ state: 'error', detail: expect.stringContaining('is not a readable zip') });
    expect(await server().app.core.prisma.artifactBundle.count({ where: { checksum: sha } })).toBe(0);
  });

  it('assembles a bundle once when sentry-cli’s polls race', async () => {
    const asAdmin = { headers: { authorization: adminAuthorization } };
    const { createHash } = await import('node:crypto');
    const { zipSync, strToU8 } = await import('fflate');
    const zip = zipSync({
      'manifest.json': strToU8(
        JSON.stringify({ files: { 'files/_/_/race.js': { url: '~/race.js', type: 'minified_source' } } }),
      ),
      'files/_/_/race.js': strToU8('console.log(1)'),
    });
    const sha = createHash('sha1').update(zip).digest('hex');
    const form = new FormData();
    form.append('file', new Blob([zip]), sha);
    const upload = await fetch(`${server().url}/api/0/organizations/acme/chunk-upload/`, {
      method: 'POST',
      body: form,
      ...asAdmin,
    });
    expect(upload.status).toBe(200);
    const body = { checksum: sha, chunks: [sha], projects: ['sm_shop'] };
    const both = await Promise.all(
      [1, 2].map(() => post(server().url, '/api/0/organizations/acme/artifactbundle/assemble/', body, asAdmin)),
    );
    expect(both.map((r) => r.body.state)).toEqual(['ok', 'ok']);
    expect(await server().app.core.prisma.artifactBundle.count({ where: { checksum: sha } })).toBe(1);
  });

  it('refuses bundles over SOURCE_MAP_MAX_MB', async () => {
    const small = await startServer({ SOURCE_MAP_MAX_MB: '1' });
    try {
      await put(
        small.url,
        '/api/v1/projects/sm_big',
        { name: 'Big' },
        { headers: { authorization: adminAuthorization } },
      );
      const big = join(work, 'big');
      mkdirSync(big, { recursive: true });
      // Incompressible: random bytes as hex, 3 MB of them.
      const noise = (await import('node:crypto')).randomBytes(1_500_000).toString('hex');
      writeFileSync(join(big, 'big.js'), `var x="${noise}";\n//# sourceMappingURL=big.js.map\n`);
      writeFileSync(
        join(big, 'big.js.map'),
        JSON.stringify({ version: 3, sources: ['big.ts'], names: [], mappings: 'AAAA' }),
      );
      const refused = await cli(
        ['sourcemaps', 'upload', '-p', 'sm_big', '--release', 'big@1', big],
        TEST_ADMIN_TOKEN,
        small.url,
      );
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('the bundle is over 1048576 bytes');
      // Its chunks are not kept for nothing.
      expect(await small.app.core.prisma.uploadChunk.count()).toBe(0);
    } finally {
      await small.stop();
    }
  });
});
