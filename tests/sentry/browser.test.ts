// @sentry/browser in headless Chromium, from a page on another origin, pointed at Log Center
// by nothing but its DSN.
import { createServer, type Server } from 'node:http';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useServer } from '../helpers/server.ts';
import { put } from '../helpers/http.ts';
import { as } from '../testkit/client.ts';
import { launch } from '../e2e/browser.ts';
import { ProjectKeysQuery } from './operations.ts';

const server = useServer();
const prisma = () => server().app.db.prisma;

const APP_JS = `Sentry.init({ dsn: window.DSN, environment: 'browser', release: 'web@5.0.0' });
function renderCart() {
  return window.cart.items.length;
}
`;

let site: Server;
let siteUrl: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await put(server().url, '/api/v1/projects/sentry_web', { name: 'Web' });
  const { project } = await as(server().url).run(ProjectKeysQuery, { id: 'sentry_web' });
  const dsn = project!.keys[0]!.dsn;
  const bundle = await build({
    stdin: {
      contents: "import * as Sentry from '@sentry/browser'; window.Sentry = Sentry;",
      resolveDir: new URL('../../', import.meta.url).pathname,
    },
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  const files: Record<string, [string, string]> = {
    '/': [
      'text/html',
      `<!doctype html><title>shop</title><script>window.DSN = ${JSON.stringify(dsn)}</script><script src="/sentry.js"></script><script src="/app.js"></script>`,
    ],
    '/sentry.js': ['text/javascript', bundle.outputFiles[0]!.text],
    '/app.js': ['text/javascript', APP_JS],
  };
  site = createServer((req, res) => {
    const file = files[req.url ?? '/'];
    res.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' });
    res.end(file?.[1] ?? '');
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
  browser = await launch();
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => site?.close(r));
});

async function waitForIssue(where: Record<string, unknown>) {
  for (let i = 0; i < 100; i++) {
    const issue = await prisma().issue.findFirst({
      where: { projectId: 'sentry_web', ...where },
      include: { occurrences: true },
    });
    if (issue) return issue;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no issue ${JSON.stringify(where)}`);
}

describe('@sentry/browser', { timeout: 30_000 }, () => {
  it('reports an uncaught error with its file, line, environment and release', async () => {
    await page.goto(siteUrl);
    await page.evaluate(() => setTimeout(() => (window as unknown as { renderCart(): number }).renderCart()));
    const issue = await waitForIssue({ errorType: 'TypeError' });
    expect(issue).toMatchObject({
      filePath: `${siteUrl}/app.js`,
      lineNumber: 3,
      level: 'ERROR',
      environments: ['browser'],
    });
    expect(issue.message).toMatch(/items/);
    expect(issue.occurrences[0]).toMatchObject({ version: 'web@5.0.0' });
    expect(issue.occurrences[0]!.context).toMatchObject({
      sdk: { name: 'sentry.javascript.browser' },
      request: { url: `${siteUrl}/` },
    });
  });

  it('reports captureMessage, grouped by the message', async () => {
    await page.goto(siteUrl);
    await page.evaluate(() =>
      (window as unknown as { Sentry: { captureMessage(m: string, l: string): void } }).Sentry.captureMessage(
        'Checkout is slow',
        'warning',
      ),
    );
    const issue = await waitForIssue({ errorType: 'Checkout is slow' });
    expect(issue.level).toBe('WARNING');
  });
});
