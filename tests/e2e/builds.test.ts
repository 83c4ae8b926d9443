// The Builds pages in a real browser against the real server: a running build's log tailed
// live with its colours, folded steps and groups, #L permalinks, server-side search through a
// long log with only the rows in view in the page, a step on its own, the download, and a CI
// failure issue that opens its build's log at the failing line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { report } from '../helpers/http.ts';
import { fixture } from '../helpers/fixtures.ts';
import { numberedLines, seed } from '../testkit/seed.ts';
import { openDashboard, type DashboardSession } from './session.ts';

let session: DashboardSession;
let page: Page;

beforeAll(async () => {
  session = await openDashboard();
  page = session.page;
});

afterAll(() => session?.close());

const rowOf = (lineNo: number) => page.locator(`[data-line="${lineNo}"]`);
const renderedRows = () => page.locator('[data-testid="log"] .row').count();

describe('builds', { timeout: 90_000 }, () => {
  it('tails a running build live, in colour, with folds and a permalink, and sees it fail', async () => {
    const build = seed(session.api()).project('e2e_builds').build('Build and Deploy', '24');
    await build.append({
      tag: 'install',
      lines: [
        { message: 'npm ci' },
        { message: 'Dependencies', logType: 'FOLD_START' },
        { message: 'added left-pad' },
        { message: 'added right-pad' },
        { message: '', logType: 'FOLD_END' },
        { message: '\u001b[32mdone\u001b[0m' },
      ],
    });
    await page.goto(session.web('/builds?project=e2e_builds'));
    await session.live();
    await page.getByRole('link', { name: 'Build and Deploy #24' }).click();
    await page.waitForURL(/\/builds\/e2e_builds\/Build%20and%20Deploy\/24$/);
    await rowOf(6).waitFor();
    expect(await rowOf(6).locator('span[style*="--ansi-green"]').textContent()).toBe('done');
    await page.getByTestId('following').waitFor();

    // Live: lines committed while the page is open arrive without a reload, in a new section.
    await build.append({ tag: 'test', message: '\u001b[31mFAIL\u001b[0m api.test.ts', logType: 'ERROR' });
    await rowOf(7).waitFor({ timeout: 10_000 });
    expect(await rowOf(7).getAttribute('class')).toContain('error');
    expect(await rowOf(7).locator('span[style*="--ansi-red"]').textContent()).toBe('FAIL');
    await page.locator('[data-step="test"]').waitFor();

    // A group folds to its first line, a step to its header.
    await rowOf(2)
      .getByRole('button', { name: /Dependencies/ })
      .click();
    await rowOf(3).waitFor({ state: 'detached' });
    await expect.poll(() => rowOf(2).textContent()).toContain('(3 lines)');
    await page.locator('[data-step="install"]').click();
    await rowOf(1).waitFor({ state: 'detached' });
    await page.locator('[data-step="install"]').click();
    await rowOf(1).waitFor();

    // A line number is a link to that line, kept in the URL.
    await rowOf(6).locator('a.ln').click();
    await page.waitForURL(/#L6$/);
    await page.reload();
    await rowOf(6).filter({ hasText: 'done' }).waitFor();
    expect(await rowOf(6).getAttribute('class')).toContain('selected');
    await session.shot('build-log');

    await build.finish('failure', 'test');
    await build.finish('failure');
    await page.locator('.head [data-build-status="FAILURE"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-step-item="test"] [data-build-status="FAILURE"]').waitFor();
    expect(await page.getByTestId('following').count()).toBe(0);
  });

  it('stops following when scrolled up, and follows again on request', async () => {
    const build = seed(session.api()).project('e2e_builds').build('Nightly');
    await build.append({ tag: 'soak', lines: numberedLines(1, 300) });
    await page.goto(session.web(`/builds/e2e_builds/Nightly/${build.number}`));
    await rowOf(300).waitFor();
    await page.getByTestId('log').evaluate((el) => el.scrollBy(0, -2000));
    await page.getByRole('button', { name: 'Follow the log' }).waitFor();
    await build.append({ tag: 'soak', lines: numberedLines(301, 310) });
    // Not followed: the reader stays where they are.
    await page.waitForTimeout(1000);
    expect(await rowOf(310).count()).toBe(0);
    await page.getByRole('button', { name: 'Follow the log' }).click();
    await rowOf(310).waitFor();
    await build.append({ tag: 'soak', lines: numberedLines(311, 320) });
    await rowOf(320).waitFor({ timeout: 10_000 });
  });

  it('searches a long log on the server, next and previous, drawing only the rows in view', async () => {
    const build = seed(session.api()).project('e2e_builds').build('Long');
    const needles = new Map([
      [150, 'a needle here'],
      [12_000, 'the NEEDLE again'],
      [19_990, 'last needle'],
    ]);
    for (const from of [1, 10_001])
      await build.append({
        tag: from === 1 ? 'build' : 'test',
        lines: numberedLines(from, from + 9_999).map((l, i) => ({ ...l, message: needles.get(from + i) ?? l.message })),
      });
    await build.finish('success', 'test');
    await build.finish('success');
    await page.goto(session.web(`/builds/e2e_builds/Long/${build.number}`));
    await rowOf(1).waitFor();
    expect(await renderedRows()).toBeLessThan(100);

    const search = page.getByLabel('Search the log');
    const status = page.getByTestId('search-status');
    await search.fill('needle');
    await search.press('Enter');
    await status.filter({ hasText: 'Line 150' }).waitFor();
    await search.press('Enter');
    await status.filter({ hasText: 'Line 12000' }).waitFor();
    await rowOf(12_000).waitFor();
    expect(await rowOf(12_000).locator('.mark').textContent()).toBe('NEEDLE');
    await search.press('Enter');
    await status.filter({ hasText: 'Line 19990' }).waitFor();
    await search.press('Enter');
    await status.filter({ hasText: 'No later match' }).waitFor();
    await search.press('Shift+Enter');
    await status.filter({ hasText: 'Line 12000' }).waitFor();
    expect(await renderedRows()).toBeLessThan(100);
    await session.shot('build-log-search');

    // One step alone: its header and its lines, searched alone, downloaded alone.
    await page.getByRole('button', { name: /^test/ }).first().click();
    await page.waitForURL(/\?step=test$/);
    await page.locator('[data-step="test"]').waitFor();
    expect(await page.locator('[data-step="build"]').count()).toBe(0);
    await search.fill('needle');
    await search.press('Enter');
    await status.filter({ hasText: 'Line 12000' }).waitFor();

    const href = await page.getByRole('link', { name: 'plain text' }).getAttribute('href');
    const text = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(10_000);
    expect(lines[0]).toBe('line 10001');
    expect(lines[1_999]).toBe('the NEEDLE again');
  });

  it('opens a CI failure issue onto its build log at the failing line', async () => {
    const build = seed(session.api()).project('e2e_builds_ci').build('Build and Deploy', '31');
    await build.append({ tag: 'checkout', lines: numberedLines(1, 40) });
    await build.append({
      tag: 'unit tests',
      lines: [...numberedLines(41, 70), { message: '\u001b[31mAssertionError: expected 2\u001b[0m', logType: 'ERROR' }],
    });
    await build.append({ tag: 'unit tests', lines: numberedLines(72, 75) });
    await build.finish('failure', 'unit tests');
    await build.finish('failure');
    // The contract's CI report, of this run.
    const ci = fixture('seed-000/cicd.json') as { context: Record<string, string> };
    const context = { ...ci.context, step_name: 'unit tests', workflow: 'Build and Deploy', run_id: '31' };
    const { id } = (await report(session.api(), { ...ci, project_id: 'e2e_builds_ci', context })).body;

    await page.goto(session.web(`/issues/${id}`));
    const tail = page.getByTestId('build-tail');
    await tail.waitFor();
    expect(await tail.locator('li').count()).toBe(20);
    expect(await tail.locator('li.failing').textContent()).toContain('AssertionError');
    await session.shot('issue-build-log');
    await page.getByTestId('open-build-log').click();
    await page.waitForURL(/\/builds\/e2e_builds_ci\/Build%20and%20Deploy\/31#L71$/);
    await rowOf(71).waitFor();
    expect(await rowOf(71).getAttribute('class')).toContain('selected');
    expect(await rowOf(71).isVisible()).toBe(true);
  });
});
