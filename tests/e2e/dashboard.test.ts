// The dashboard in a real browser against the real server (`logcenter start`, PostgreSQL):
// live updates without reload, filters, the workflow, project editing, and recovery after
// the server restarts. Every page is saved as a screenshot for people to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { get, put, report } from '../helpers/http.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { freshLine } from '../testkit/seed.ts';
import { screenshots } from './browser.ts';
import { startCapture } from '../helpers/capture.ts';
import { TEST_ADMIN } from '../helpers/auth.ts';
import { openDashboard, type DashboardSession } from './session.ts';

let session: DashboardSession;
let browser: Browser;
let page: Page;
const api = () => session.api();
const web = (path = '/') => session.web(path);
const shot = (name: string) => session.shot(name);
const live = () => session.live();
const signIn = (on: Page, email: string, password: string) => session.signIn(on, email, password);

beforeAll(async () => {
  session = await openDashboard();
  ({ browser, page } = session);
});

afterAll(() => session?.close());

const newReport = (project: string, type = 'E2eError', extra: Record<string, unknown> = {}) =>
  runtimeReport(
    { project_id: project, ...extra },
    { type, message: `${type} in the browser test`, line_number: freshLine() },
  );

describe('dashboard', { timeout: 60_000 }, () => {
  it('asks a signed-out browser to sign in, refuses a wrong password, and comes back where it was', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(web('/projects'));
    await page.waitForURL(/\/login\?returnTo=%2Fprojects$/);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'wrong email or password' }).waitFor();
    await shot('sign-in');
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/projects$/);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  it('shows a new issue on the issues page without a reload, highlighted, and counts live', async () => {
    await report(api(), newReport('e2e_live', 'SeedError'));
    await page.goto(web('/issues'));
    await live();
    await page.locator('tr[data-issue]').first().waitFor();

    const body = newReport('e2e_live', 'FreshError');
    const { id } = (await report(api(), body)).body;
    const row = page.locator(`tr[data-issue="${id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('class')).toContain('flash');
    expect(await page.locator('tr[data-issue]').first().getAttribute('data-issue')).toBe(String(id));

    await report(api(), body);
    await row.locator('td.num').filter({ hasText: '2' }).waitFor({ timeout: 10_000 });
    await shot('issues');
  });

  it('filters by status and search, kept in the URL', async () => {
    const { id } = (await report(api(), newReport('e2e_filter', 'NeedleError'))).body;
    await report(api(), newReport('e2e_filter', 'HaystackError'));
    await page.goto(web('/issues'));
    await live();
    await page.getByLabel('Search issues').fill('project:e2e_filter Needle');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=project%3Ae2e_filter\+Needle/);
    await page.locator(`tr[data-issue="${id}"]`).waitFor();
    expect(await page.locator('tr[data-issue]').count()).toBe(1);

    await page.locator('label.chip', { hasText: 'verifying' }).click();
    await page.waitForURL(/status=VERIFYING/);
    await page.getByText('No issues match').waitFor();

    // The same URL opened afresh shows the same view.
    await page.goto(web('/issues?q=project%3Ae2e_filter+Needle'));
    await page.locator(`tr[data-issue="${id}"]`).waitFor();
    await shot('issues-filtered');
  });

  it('opens an issue by keyboard and moves it through the workflow with only legal buttons', async () => {
    const { id } = (await report(api(), newReport('e2e_flow', 'FlowError'))).body;
    await page.goto(web('/issues?project=e2e_flow'));
    await live();
    await page.locator(`tr[data-issue="${id}"]`).waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/issues/${id}$`));
    await page.getByRole('heading', { name: 'FlowError' }).waitFor();

    const moves = async () =>
      page.locator('[data-move]').evaluateAll((els) => els.map((e) => e.getAttribute('data-move')));
    expect(await moves()).toEqual(['VERIFYING']);
    for (const [to, next] of [
      ['VERIFYING', ['PENDING_FIX', 'CANNOT_REPRODUCE']],
      ['PENDING_FIX', ['FIXING']],
      ['FIXING', ['FIXED', 'FIX_FAILED', 'PENDING_FIX']],
      ['FIXED', ['VERIFIED', 'NEW']],
    ] as const) {
      await page.locator(`[data-move="${to}"]`).click();
      await page.waitForFunction((want) => {
        const got = [...document.querySelectorAll('[data-move]')].map((e) => e.getAttribute('data-move'));
        return JSON.stringify(got) === JSON.stringify(want);
      }, next);
    }
    expect(await page.locator('.history li').count()).toBe(4);
    await page.getByRole('heading', { name: 'Status history' }).scrollIntoViewIfNeeded();
    await shot('issue-detail');
  });

  it('renders a CI log with colours, and links its run', async () => {
    const body = {
      ...newReport('e2e_ci', 'CICDFailure', { source: 'cicd' }),
      error: {
        type: 'CICDFailure',
        message: '[build] failed',
        stack_trace: ['\u001b[1m#8\u001b[0m building', '\u001b[31mERROR: failed to solve\u001b[0m'],
      },
      context: { job_name: 'build', step_name: 'docker', run_url: 'https://ci.example.com/runs/24' },
    };
    const { id } = (await report(api(), body)).body;
    await page.goto(web(`/issues/${id}`));
    // Coloured, and the escape codes themselves are not shown.
    await page.locator('.trace span[style*="--ansi-red"]', { hasText: 'ERROR: failed to solve' }).first().waitFor();
    expect(await page.locator('.trace').first().textContent()).not.toContain('\u001b');
    await page.locator('a[href="https://ci.example.com/runs/24"]').waitFor();
  });

  it('selects rows and changes their status in bulk', async () => {
    const a = (await report(api(), newReport('e2e_bulk', 'BulkA'))).body.id;
    const b = (await report(api(), newReport('e2e_bulk', 'BulkB'))).body.id;
    await page.goto(web('/issues?project=e2e_bulk'));
    await live();
    await page.getByLabel(`Select issue ${a}`).check();
    await page.getByLabel(`Select issue ${b}`).check();
    await page.getByLabel('Move to').selectOption('VERIFYING');
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await page.getByText('Moved 2 to verifying.').waitFor();
    for (const id of [a, b]) await page.locator(`tr[data-issue="${id}"] [data-status="VERIFYING"]`).waitFor();
    expect(await page.locator('tr[data-issue] [data-status="NEW"]').count()).toBe(0);
  });

  it('edits a project with validation, shows who changed what, and its onboarding snippets', async () => {
    await report(api(), newReport('e2e_project'));
    // A client registering as the integration guide's do: no credential, unset fields only.
    expect(
      (
        await put(
          api(),
          '/api/v1/projects/e2e_project',
          { description: 'Registered by its client' },
          { anonymous: true },
        )
      ).status,
    ).toBe(200);
    await page.goto(web('/projects?project=e2e_project'));
    await page.getByRole('heading', { name: 'Edit e2e_project' }).waitFor();
    const editor = page.getByRole('region', { name: 'Edit e2e_project' });
    await editor.getByLabel(/^Local path/).fill('relative/path');
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByText('must be an absolute path').waitFor();

    await editor.getByLabel(/^Name/).fill('E2E Project');
    await editor.getByLabel(/^Local path/).fill('/srv/e2e');
    await editor.getByLabel(/^Repository URL/).fill('git@git.example.com:team/e2e.git');
    await editor.getByLabel(/Accept reports only with a project key/).check();
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Saved at/).waitFor();
    expect((await get(api(), '/api/v1/projects/e2e_project')).body).toMatchObject({
      name: 'E2E Project',
      local_path: '/srv/e2e',
      repo_url: 'git@git.example.com:team/e2e.git',
      ingest_key_required: true,
    });
    expect((await report(api(), newReport('e2e_project'))).status).toBe(401);
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText('E2E Project').waitFor();
    const entries = history.locator('[data-change]');
    // Newest first: the admin's edit, then the anonymous registration with its address.
    await expect.poll(() => entries.count()).toBe(2);
    expect(await entries.nth(0).textContent()).toMatch(
      new RegExp(`${TEST_ADMIN.email}.*Name: \\S+ → E2E Project.*Local path: \\(unset\\) → /srv/e2e`, 's'),
    );
    expect(await entries.nth(1).textContent()).toMatch(
      /anonymous registration\s*from 127\.0\.0\.1.*Description: \(unset\) → Registered by its client/s,
    );
    const curl = await page.locator('[data-snippet="curl"]').textContent();
    expect(curl).toContain('"project_id": "e2e_project"');
    expect(curl).toMatch(/-H "X-Log-Center-Key: [0-9a-f]{32}"/);
    expect(curl).toContain(`${api()}/api/v1/logs/report`);
    await shot('projects');
  });

  it('shows the Sentry DSN and sets up a notification rule that delivers', async () => {
    const capture = await startCapture();
    try {
      await report(api(), newReport('e2e_settings'));
      await page.goto(web('/projects?project=e2e_settings'));
      const dsn = await page.locator('[data-dsn]').first().textContent();
      expect(dsn).toMatch(new RegExp(`^http://[0-9a-f]{32}@127\\.0\\.0\\.1:${new URL(api()).port}/\\d+$`));

      await page.getByLabel('Rule name').fill('On-call webhook');
      await page.getByLabel('Webhook URL').fill('not a url');
      await page.getByRole('button', { name: 'Add rule' }).click();
      await page.getByText('must be an http(s) URL').waitFor();
      await page.getByLabel('Webhook URL').fill(`${capture.url}/hook`);
      await page.getByRole('button', { name: 'Add rule' }).click();
      await page.getByText('On-call webhook').waitFor();
      await page.getByRole('button', { name: 'Send a test' }).click();
      for (let i = 0; i < 100 && capture.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(capture.requests[0]!.json).toMatchObject({
        type: 'logcenter.notification',
        project: { id: 'e2e_settings' },
      });
      await page.waitForTimeout(300);
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.locator('.delivery.sent').first().waitFor();
      await page.getByRole('heading', { name: 'Sentry SDKs' }).scrollIntoViewIfNeeded();
      await shot('project-settings');
    } finally {
      await capture.close();
    }
  });

  it('draws the overview as charts', async () => {
    await report(api(), newReport('e2e_overview', 'OverviewError'));
    await page.goto(web('/'));
    await page.getByRole('img', { name: 'New and regressed issues per day' }).waitFor();
    expect(Number(await page.getByTestId('open').textContent())).toBeGreaterThan(0);
    await page.getByRole('list', { name: 'Events by project' }).waitFor();
    await shot('overview');
  });

  it('creates an API token that works, shows it once, and revokes it', async () => {
    await page.goto(web('/account'));
    const tokens = page.getByRole('region', { name: 'API tokens' });
    await tokens.getByLabel('Name').fill('e2e agent');
    await tokens.getByLabel('agent').check();
    await tokens.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.locator('[data-token]').textContent())!;
    expect(secret).toMatch(/^lct_/);
    const asToken = (t: string) =>
      get(api(), '/api/v1/projects', { anonymous: true, headers: { authorization: `Bearer ${t}` } });
    expect((await asToken(secret)).status).toBe(200);
    await shot('account');
    page.once('dialog', (dialog) => void dialog.accept());
    await tokens
      .getByRole('row', { name: /e2e agent/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await tokens
      .getByRole('row', { name: /e2e agent/ })
      .getByText('revoked')
      .waitFor();
    expect((await asToken(secret)).status).toBe(401);
  });

  it('lists where one is signed in, and signs another browser out', async () => {
    const context = await browser.newContext();
    const other = await context.newPage();
    try {
      await signIn(other, TEST_ADMIN.email, TEST_ADMIN.password);
      await other.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.goto(web('/account'));
      const sessions = page.getByRole('region', { name: 'Sessions' });
      await sessions.locator('tr[data-session="current"]').getByText('this browser').waitFor();
      expect(await sessions.locator('tr[data-session="current"] td').first().textContent()).toBe(
        'Headless Chrome on Linux',
      );
      const others = sessions.locator('tr[data-session="other"]');
      const before = await others.count();
      expect(before).toBeGreaterThanOrEqual(1);
      await shot('account-sessions');
      // The newest other session is the browser that just signed in.
      page.once('dialog', (dialog) => void dialog.accept());
      await others
        .first()
        .getByRole('button', { name: /Sign out/ })
        .click();
      await page.waitForFunction((n) => document.querySelectorAll('tr[data-session="other"]').length === n, before - 1);
      await other.reload();
      await other.waitForURL(/\/login/);
    } finally {
      await context.close();
    }
  });

  it('lets an admin add a user, change their role, disable them and reset their password', async () => {
    await page.goto(web('/'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.waitForURL(/\/users$/);
    const adding = page.getByRole('region', { name: 'Add a user' });
    await adding.getByLabel('Email').fill('not an email');
    await adding.getByRole('button', { name: 'Add user' }).click();
    await adding.getByText('must be an email address').waitFor();
    await adding.getByLabel('Email').fill('ada@e2e.test');
    await adding.getByLabel('Name').fill('Ada');
    await adding.getByLabel('member').check();
    await adding.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('status').filter({ hasText: 'ada@e2e.test was added as member' }).waitFor();
    const first = (await page.locator('[data-password]').textContent())!;
    expect(first.length).toBeGreaterThanOrEqual(12);
    const row = page.locator('tr[data-user="ada@e2e.test"]');
    await row.getByText('active').waitFor();
    await shot('users');

    // Ada in a browser of her own: no user management for a member.
    const context = await browser.newContext();
    const ada = await context.newPage();
    const adaRole = () =>
      ada.evaluate(
        async () => ((await (await fetch('/api/v1/auth/me')).json()) as { user: { role: string } }).user.role,
      );
    try {
      await signIn(ada, 'ada@e2e.test', first);
      await ada.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(await ada.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).count()).toBe(0);
      const adaToken = await ada.evaluate(async () => {
        const query =
          'mutation { createApiToken(input: { name: "laptop", scopes: [READ] }) { ... on CreatedApiToken { token } } }';
        const res = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        return ((await res.json()) as { data: { createApiToken: { token: string } } }).data.createApiToken.token;
      });
      const tokenWorks = async () => {
        const res = await fetch(web('/graphql'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${adaToken}` },
          body: JSON.stringify({ query: '{ me { email } }' }),
        });
        return ((await res.json()) as { errors?: unknown[] }).errors === undefined;
      };
      expect(await tokenWorks()).toBe(true);
      await ada.goto(web('/users'));
      await ada.getByRole('alert').filter({ hasText: 'Only admins manage users' }).waitFor();

      await row.getByLabel('Role of ada@e2e.test').selectOption('VIEWER');
      await page.getByRole('status').filter({ hasText: 'ada@e2e.test is now viewer' }).waitFor();
      expect(await adaRole()).toBe('VIEWER');

      page.once('dialog', (dialog) => void dialog.accept());
      await row.getByRole('button', { name: 'Disable' }).click();
      await row.getByText('disabled', { exact: true }).waitFor();
      await ada.reload();
      await ada.waitForURL(/\/login/);
      await signIn(ada, 'ada@e2e.test', first);
      await ada.getByRole('alert').waitFor();

      await row.getByRole('button', { name: 'Enable' }).click();
      await row.getByText('active').waitFor();
      expect(await tokenWorks()).toBe(true);
      // The list as it is now: Ada has a working token, which a new password alone would leave working.
      await page.reload();
      await row.getByRole('button', { name: 'Reset password' }).click();
      const resetForm = page.getByRole('form', { name: 'New password for ada@e2e.test' });
      await resetForm.waitFor();
      expect(await resetForm.getByLabel(/Also revoke their API token/).isChecked()).toBe(true);
      await shot('users-reset');
      await page.getByRole('button', { name: 'Set password', exact: true }).click();
      await page
        .getByRole('status')
        .filter({
          hasText: 'New password set for ada@e2e.test; their sessions were ended and their API tokens revoked',
        })
        .waitFor();
      expect(await tokenWorks()).toBe(false);
      const second = (await page.locator('[data-password]').textContent())!;
      expect(second).not.toBe(first);
      await signIn(ada, 'ada@e2e.test', second);
      await ada.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(await adaRole()).toBe('VIEWER');
    } finally {
      await context.close();
    }

    // Nobody can lock themselves out: their own row has neither a role to pick nor Disable.
    const mine = page.locator(`tr[data-user="${TEST_ADMIN.email}"]`);
    expect(await mine.getByRole('combobox').isDisabled()).toBe(true);
    expect(await mine.getByRole('button', { name: 'Disable' }).count()).toBe(0);
  });

  it('fits a phone screen', async () => {
    await report(api(), newReport('e2e_phone', 'PhoneError'));
    // A phone of its own, signed in with the same session.
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, isMobile: true });
    await context.addCookies(await page.context().cookies());
    const phone = await context.newPage();
    try {
      const overflow = () => phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await phone.goto(web('/issues'));
      await phone.locator('tr[data-issue]').first().waitFor();
      expect(await overflow()).toBeLessThanOrEqual(1);
      await phone.screenshot({ path: `${screenshots}issues-phone.png`, fullPage: true });
      for (const [path, ready] of [
        ['/users', 'tr[data-user]'],
        ['/account', 'tr[data-session]'],
      ] as const) {
        await phone.goto(web(path));
        await phone.locator(ready).first().waitFor();
        expect(await overflow(), path).toBeLessThanOrEqual(1);
      }
      await phone.screenshot({ path: `${screenshots}account-phone.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('reconnects by itself after the server restarts, and catches up', async () => {
    await page.goto(web('/issues?project=e2e_restart'));
    await report(api(), newReport('e2e_restart', 'BeforeRestart'));
    await live();
    const stopping = session.server;
    expect(await stopping.stop(), stopping.output().slice(-4000)).toBe(0);
    await page.getByTestId('connection').filter({ hasText: 'Reconnecting' }).waitFor();
    await session.start();
    // Reported while the page was reconnecting: the catch-up read must bring it.
    const missed = (await report(api(), newReport('e2e_restart', 'WhileAwayError'))).body.id;
    await live();
    await page.locator(`tr[data-issue="${missed}"]`).waitFor({ timeout: 15_000 });
    const after = (await report(api(), newReport('e2e_restart', 'AfterRestartError'))).body.id;
    await page.locator(`tr[data-issue="${after}"]`).waitFor({ timeout: 15_000 });
  });
});
