// The Releases pages and the release parts of an issue in a real browser against the real
// server: releases with deploys, events, new issues and linked commits; an issue's first and
// last release, suspect commits and commit links; fixing it in a release from the issue page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { put, report } from '../helpers/http.ts';
import { adminAuthorization } from '../helpers/auth.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { as } from '../testkit/client.ts';
import { seed } from '../testkit/seed.ts';
import { CreateDeployMutation, CreateReleaseMutation, SetReleaseCommitsMutation } from '../releases/operations.ts';
import { openDashboard, type DashboardSession } from './session.ts';

let session: DashboardSession;
let page: Page;

beforeAll(async () => {
  session = await openDashboard();
  page = session.page;
});

afterAll(() => session?.close());

const SHA = '9fceb02d0ae598e95dc970b74767f19372d61af8';

describe('releases', { timeout: 90_000 }, () => {
  it('lists releases with deploys and events, and opens one with its issues and linked commits', async () => {
    const gql = as(session.api());
    await put(
      session.api(),
      '/api/v1/projects/e2e_rel',
      { name: 'Shop', repo_url: 'https://github.com/acme/shop.git' },
      {
        headers: { authorization: adminAuthorization },
      },
    );
    await gql.run(CreateReleaseMutation, { input: { version: 'shop@2.0.0', projectIds: ['e2e_rel'] } });
    await gql.run(SetReleaseCommitsMutation, {
      version: 'shop@2.0.0',
      commits: [
        { sha: SHA, message: 'Cache the cart\n\nlonger text', authorName: 'Ada', files: [{ path: 'shop/cart.py' }] },
      ],
    });
    await gql.run(CreateDeployMutation, { version: 'shop@2.0.0', input: { environment: 'production', name: 'blue' } });
    const res = await report(
      session.api(),
      runtimeReport(
        { project_id: 'e2e_rel', version: 'shop@2.0.0', commit_hash: SHA },
        { type: 'CartError', file_path: '/srv/shop/cart.py', line_number: 12 },
      ),
    );
    const issueId = res.body.id as number;

    await page.goto(session.web('/releases?project=e2e_rel'));
    const row = page.locator('tr[data-release="shop@2.0.0"]');
    await row.waitFor();
    await row.locator('[data-deploy="production"]').waitFor();
    expect(await row.locator('td.num').first().textContent()).toBe('1');
    await session.shot('releases');

    await row.getByRole('link', { name: 'shop@2.0.0' }).click();
    await page.waitForURL(/\/releases\/shop%402\.0\.0$/);
    await page.locator(`[data-issues="new"] a[href="/issues/${issueId}"]`).waitFor();
    const commit = page.locator(`[data-commit="${SHA}"]`);
    expect(await commit.getByRole('link', { name: SHA.slice(0, 12) }).getAttribute('href')).toBe(
      `https://github.com/acme/shop/commit/${SHA}`,
    );
    await commit.locator('summary').click({ position: { x: 300, y: 5 } });
    expect(await commit.getByRole('link', { name: 'shop/cart.py' }).getAttribute('href')).toBe(
      `https://github.com/acme/shop/blob/${SHA}/shop/cart.py`,
    );
    await session.shot('release');

    // The issue: its releases, its suspect commit, the occurrence's commit.
    await page.goto(session.web(`/issues/${issueId}`));
    await page.getByRole('link', { name: 'shop@2.0.0' }).first().waitFor();
    await page.locator(`[data-suspect="${SHA}"]`).waitFor();
    // The latest occurrence opens by itself, with its commit linked.
    await page.locator(`.occ-body a[href="https://github.com/acme/shop/commit/${SHA}"]`).waitFor();
  });

  it('fixes an issue in a release from its page, and shows what older releases did since', async () => {
    const gql = as(session.api());
    await gql.run(CreateReleaseMutation, { input: { version: 'shop@2.1.0', projectIds: ['e2e_rel'] } });
    const id = await seed(session.api(), gql)
      .project('e2e_rel')
      .issue({ status: 'FIXING', type: 'PayError', report: { version: 'shop@2.0.0' } });
    await page.goto(session.web(`/issues/${id}`));
    await session.live();
    await page.locator('select[data-fix-release]').selectOption('shop@2.1.0');
    await page.locator('button[data-move="FIXED"]').click();
    await page.locator('[data-fixed-in]').filter({ hasText: 'Fixed in shop@2.1.0' }).waitFor();

    // Servers still on 2.0.0 report it again: it stays fixed, and the page says so.
    const { issue } = (await gql.raw(`{ issue(id: ${id}) { lineNumber } }`)).expectNoErrors();
    await report(
      session.api(),
      runtimeReport(
        { project_id: 'e2e_rel', version: 'shop@2.0.0' },
        { type: 'PayError', line_number: issue.lineNumber },
      ),
    );
    await page.reload();
    await page.locator('[data-fixed-in]').filter({ hasText: 'seen in an older release 1 time' }).waitFor();
    await session.shot('issue-fixed-in-release');
  });

  it('shows a source-mapped trace, and the minified one on request', async () => {
    // As the server stores a report it resolved (tests/releases/source-maps.test.ts makes real ones).
    const res = await report(
      session.api(),
      runtimeReport(
        {
          project_id: 'e2e_rel',
          context: { _minified: { stack_trace: ['TypeError: x', '    at n (/srv/app.min.js:1:4242)'] } },
        },
        { type: 'MappedError', stack_trace: ['TypeError: x', '    at addToCart (src/cart.js:3:11)'] },
      ),
    );
    await page.goto(session.web(`/issues/${res.body.id}`));
    const trace = page.locator('section[aria-labelledby="trace-h"]');
    await trace.getByText('at addToCart (src/cart.js:3:11)').waitFor();
    await page.locator('button[data-minified]').click();
    await trace.getByText('at n (/srv/app.min.js:1:4242)').waitFor();
    expect(await trace.getByText('at addToCart').count()).toBe(0);
  });

  it('sets which environment is production on the project page, checked like the API', async () => {
    await page.goto(session.web('/projects?project=e2e_rel'));
    const editor = page.getByRole('region', { name: 'Edit e2e_rel' });
    const field = editor.getByLabel(/^Production environment/);
    expect(await field.inputValue()).toBe('production');
    await field.fill('   ');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByText('must not be empty').waitFor();
    await field.fill('prod-eu');
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Saved at/).waitFor();
    const { project } = (
      await as(session.api()).raw('{ project(id: "e2e_rel") { productionEnvironment } }')
    ).expectNoErrors();
    expect(project.productionEnvironment).toBe('prod-eu');
  });
});
