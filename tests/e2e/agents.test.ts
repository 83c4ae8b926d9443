// The dashboard's parts for AI coding agents, in a real browser against the real server: the
// account page's MCP panel makes an AGENT token whose configuration works in the MCP SDK's
// own client, and an issue copies itself for an agent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { report } from '../helpers/http.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { openDashboard, type DashboardSession } from './session.ts';

let session: DashboardSession;
let page: Page;

beforeAll(async () => {
  session = await openDashboard();
  page = session.page;
  await session.browser.contexts()[0]?.grantPermissions(['clipboard-read', 'clipboard-write']);
});

afterAll(() => session?.close());

describe('for AI agents', { timeout: 60_000 }, () => {
  it('makes an AGENT token on the account page, with MCP configurations that connect', async () => {
    await page.goto(session.web('/account'));
    await page.locator('button[data-mcp-token]').click();
    const claude = page.locator('[data-mcp-client="Claude Code"] pre');
    await claude.waitFor();
    const command = (await claude.textContent())!;
    const [, url, token] = /--transport http log-center (\S+) --header "Authorization: Bearer (lct_\S+)"/.exec(
      command,
    )!;
    expect(url).toBe(`${session.api()}/mcp`);
    await session.shot('account-mcp');

    const client = new Client({ name: 'pasted', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url!), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('claim_next_issue');
      const search = await client.callTool({ name: 'search_issues', arguments: { query: '' } });
      expect(search.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it('copies an issue for an AI agent as the MCP tools tell it', async () => {
    const res = await report(session.api(), runtimeReport({ project_id: 'e2e_agent' }, { type: 'CopyMeError' }));
    await page.goto(session.web(`/issues/${res.body.id}`));
    await page.locator('button[data-copy-agent]').click();
    await page.locator('button[data-copy-agent]').filter({ hasText: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`# Issue ${res.body.id}: CopyMeError`);
    expect(copied).toContain('## Stack trace (latest occurrence');
  });
});
