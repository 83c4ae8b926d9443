// `logcenter mcp` as an MCP client starts it: over stdio, with the server's tools and checks.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect } from 'vitest';
import { test } from '../testkit/test.ts';
import { TEST_ADMIN_TOKEN } from '../helpers/auth.ts';
import { apiToken } from '../helpers/tokens.ts';

const bin = new URL('../../bin/logcenter.js', import.meta.url).pathname;

async function overStdio(url: string, token: string) {
  const client = new Client({ name: 'stdio-test', version: '1' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [bin, 'mcp'],
      env: { ...(process.env as Record<string, string>), LOG_CENTER_URL: url, LOG_CENTER_TOKEN: token },
      stderr: 'pipe',
    }),
  );
  return client;
}

describe('logcenter mcp (stdio)', { timeout: 60_000 }, () => {
  test('lists the tools, searches and claims through the server', async ({ server, seed }) => {
    const id = await seed.project('mcp_stdio').issue({ status: 'PENDING_FIX', type: 'StdioError' });
    const client = await overStdio(server.url, TEST_ADMIN_TOKEN);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('claim_next_issue');
      const found = await client.callTool({ name: 'search_issues', arguments: { query: 'project:mcp_stdio' } });
      expect((found.structuredContent as { issues: { id: number }[] }).issues.map((i) => i.id)).toEqual([id]);
      const claimed = await client.callTool({
        name: 'claim_next_issue',
        arguments: { agentId: 'stdio-agent', projectId: 'mcp_stdio' },
      });
      expect((claimed.structuredContent as { issue: { id: number } }).issue.id).toBe(id);
      // Resources and prompts pass through too.
      const read = await client.readResource({ uri: `logcenter://issues/${id}` });
      expect((read.contents[0] as { text: string }).text).toContain('Status: FIXING (claimed by stdio-agent');
      expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['fix_issue']);
    } finally {
      await client.close();
    }
  });

  test('keeps the token’s scopes: a READ token cannot claim', async ({ server, seed }) => {
    const id = await seed.project('mcp_stdio_read').issue({ status: 'PENDING_FIX' });
    const client = await overStdio(server.url, await apiToken(server.url, 'READ'));
    try {
      const refused = await client.callTool({ name: 'claim_issue', arguments: { issueId: id, agentId: 'r' } });
      expect(refused.isError).toBe(true);
    } finally {
      await client.close();
    }
  });
});
