// @logcenter/sdk's browser build in headless Chromium, reporting to the real server from a
// page on another origin (CORS), including what is still queued when the page goes away.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { useServer } from '../helpers/server.ts';
import { launch } from '../e2e/browser.ts';

const server = useServer();
const prisma = () => server().app.db.prisma;
const bundle = readFileSync(new URL('../../packages/sdk/dist/logcenter.iife.js', import.meta.url), 'utf8');

const APP_JS = `window.beacons = 0;
const realBeacon = navigator.sendBeacon.bind(navigator);
navigator.sendBeacon = (url, body) => { window.beacons++; return realBeacon(url, body); };
LogCenter.init({ url: window.API, projectId: 'sdk_browser', environment: 'browser-test', release: '3.0.0' });
function explode() {
  throw new TypeError('cannot read property of undefined');
}
`;

let site: Server;
let siteUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  site = createServer((req, res) => {
    const files: Record<string, [string, string]> = {
      '/': [
        'text/html',
        `<!doctype html><title>app</title><script>window.API = ${JSON.stringify(server().url)}</script><script src="/sdk.js"></script><script src="/app.js"></script>`,
      ],
      '/sdk.js': ['text/javascript', bundle],
      '/app.js': ['text/javascript', APP_JS],
    };
    const file = files[req.url ?? '/'];
    res.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' });
    res.end(file?.[1] ?? 'not found');
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
  browser = await launch();
  context = await browser.newContext();
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => site?.close(r));
});

async function waitForIssue(where: Record<string, unknown>) {
  for (let i = 0; i < 100; i++) {
    const issue = await prisma().issue.findFirst({
      where: { projectId: 'sdk_browser', ...where },
      include: { occurrences: true },
    });
    if (issue) return issue;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no issue ${JSON.stringify(where)}`);
}

describe('@logcenter/sdk (browser)', { timeout: 30_000 }, () => {
  it('reports an uncaught error with its file and line, release and page', async () => {
    await page.goto(siteUrl);
    await page.evaluate(() => setTimeout(() => (window as unknown as { explode(): void }).explode()));
    const issue = await waitForIssue({ errorType: 'TypeError' });
    expect(issue).toMatchObject({
      message: 'cannot read property of undefined',
      filePath: `${siteUrl}/app.js`,
      lineNumber: 6,
      environments: ['browser-test'],
    });
    expect(issue.occurrences[0]).toMatchObject({ version: '3.0.0' });
    expect(issue.occurrences[0]!.context).toMatchObject({
      url: `${siteUrl}/`,
      userAgent: expect.stringContaining('Chrome'),
      mechanism: 'onerror',
    });
  });

  it('reports an unhandled promise rejection', async () => {
    await page.goto(siteUrl);
    await page.evaluate(() => void Promise.reject(new RangeError('async went wrong')));
    const issue = await waitForIssue({ errorType: 'RangeError' });
    expect(issue.message).toBe('async went wrong');
    expect(issue.occurrences[0]!.context).toMatchObject({ mechanism: 'unhandledrejection' });
  });

  it('hands what is still queued to sendBeacon when the page goes away', async () => {
    await page.goto(siteUrl);
    // Offline, the report waits in the queue (retrying with backoff) …
    await context.setOffline(true);
    await page.evaluate(() =>
      (window as unknown as { LogCenter: { captureMessage(m: string): void } }).LogCenter.captureMessage(
        'left before it was sent',
      ),
    );
    await page.waitForTimeout(100);
    await context.setOffline(false);
    // … and leaving the page sends it as a beacon.
    const beacons = await page.evaluate(() => {
      dispatchEvent(new PageTransitionEvent('pagehide'));
      return (window as unknown as { beacons: number }).beacons;
    });
    expect(beacons).toBe(1);
    const issue = await waitForIssue({ message: 'left before it was sent' });
    expect(issue.errorType).toBe('Message');
  });
});
