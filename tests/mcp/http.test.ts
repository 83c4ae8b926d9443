// The MCP server over Streamable HTTP with the SDK's own client, against the real server:
// tools listed, search, an issue for an agent, claims that exactly one agent wins, a fix
// reported, and the token's scopes deciding what it may call.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect } from 'vitest';
import { test } from '../testkit/test.ts';
import { TEST_ADMIN_TOKEN } from '../helpers/auth.ts';
import { apiToken } from '../helpers/tokens.ts';
import { freshLine } from '../testkit/seed.ts';

const clients: Client[] = [];
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

async function connect(url: string, token: string) {
  const client = new Client({ name: 'test-agent', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(client);
  return client;
}

type Structured<T> = { structuredContent?: T; isError?: boolean; content: { type: string; text?: string }[] };
const text = (r: unknown) =>
  ((r as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('\n');

describe('MCP over Streamable HTTP', { timeout: 60_000 }, () => {
  test('lists the tools with their schemas, searches, and gives an agent the whole issue', async ({ server, seed }) => {
    const id = await seed.project('mcp_app').issue({
      type: 'McpError',
      message: 'the cache is cold',
      report: { environment: 'staging', context: { orderId: 42 } },
    });
    const client = await connect(server.url, TEST_ADMIN_TOKEN);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      [
        'claim_issue',
        'claim_next_issue',
        'get_build_log',
        'get_issue',
        'get_occurrences',
        'list_projects',
        'release_claim',
        'renew_claim',
        'report_fix',
        'search_issues',
        'transition_issue',
      ].sort(),
    );
    expect(tools.find((t) => t.name === 'search_issues')?.outputSchema).toBeDefined();

    const found = (await client.callTool({
      name: 'search_issues',
      arguments: { query: 'project:mcp_app env:staging cold' },
    })) as Structured<{ issues: { id: number }[] }>;
    expect(found.structuredContent?.issues.map((i) => i.id)).toEqual([id]);

    const issue = (await client.callTool({ name: 'get_issue', arguments: { issueId: id } })) as Structured<{
      issue: { markdown: string; status: string };
    }>;
    expect(issue.structuredContent?.issue.status).toBe('NEW');
    expect(text(issue)).toContain(`# Issue ${id}: McpError`);
    expect(text(issue)).toContain('"orderId": 42');
    expect(text(issue)).toContain('## Stack trace (latest occurrence; ▶ marks the app’s own frames)');
    expect(text(issue)).toContain('▶     at main (src/app.ts:10:5)');

    const missing = await client.callTool({ name: 'get_issue', arguments: { issueId: 999999 } });
    expect(missing).toMatchObject({ isError: true });
    expect(text(missing)).toBe('issue "999999" does not exist');
    const illegal = await client.callTool({ name: 'transition_issue', arguments: { issueId: id, to: 'FIXED' } });
    expect(text(illegal)).toContain('allowed: VERIFYING');
  });

  test('pages an issue’s occurrences, and reads the failing step of its CI build', async ({ server, seed }) => {
    const build = seed.project('mcp_ci').build('Build and Deploy', '77');
    await build.append({ tag: 'install', lines: [{ message: 'npm ci' }, { message: 'ok' }] });
    await build.append({
      tag: 'test',
      lines: [{ message: '\u001b[31mFAIL\u001b[0m api.test.ts' }, { message: 'expected 1 to be 2' }],
    });
    await build.finish('failure', 'test');
    const context = { workflow: 'Build and Deploy', run_id: '77', job_name: 'test', step_name: 'Test' };
    const id = await seed.project('mcp_ci').issue({ type: 'CiError', report: { source: 'cicd', context } });
    await seed.project('mcp_ci').issue({ type: 'CiError', report: { source: 'cicd', context } });
    const client = await connect(server.url, TEST_ADMIN_TOKEN);

    const first = (await client.callTool({
      name: 'get_occurrences',
      arguments: { issueId: id, first: 1 },
    })) as Structured<{
      occurrences: { id: string; context: unknown }[];
      nextCursor: string | null;
    }>;
    expect(first.structuredContent?.occurrences).toHaveLength(1);
    expect(first.structuredContent?.occurrences[0]!.context).toMatchObject({ run_id: '77' });

    const log = (await client.callTool({ name: 'get_build_log', arguments: { issueId: id } })) as Structured<{
      step: string;
      lines: { lineNo: number; message: string }[];
    }>;
    expect(log.structuredContent).toMatchObject({
      step: 'test',
      lines: [
        { lineNo: 3, message: 'FAIL api.test.ts' },
        { lineNo: 4, message: 'expected 1 to be 2' },
      ],
    });
    const none = await client.callTool({ name: 'get_build_log', arguments: {} });
    expect(text(none)).toContain('issueId is required');
  });

  test('20 agents asking at once for the next issue: each issue goes to exactly one', async ({ server, seed }) => {
    const project = `mcp_claims_${freshLine()}`;
    const ids = await Promise.all([1, 2, 3].map(() => seed.project(project).issue({ status: 'PENDING_FIX' })));
    const agents = await Promise.all(Array.from({ length: 20 }, () => connect(server.url, TEST_ADMIN_TOKEN)));
    const answers = (await Promise.all(
      agents.map((c, i) =>
        c.callTool({ name: 'claim_next_issue', arguments: { agentId: `agent-${i}`, projectId: project } }),
      ),
    )) as Structured<{ issue: { id: number } | null }>[];
    const won = answers.map((a) => a.structuredContent?.issue?.id).filter((x) => x !== undefined);
    expect(won.sort()).toEqual([...ids].sort());
    expect(answers.filter((a) => a.structuredContent?.issue === null)).toHaveLength(17);

    // The winner renews and reports its fix.
    const winner = answers.findIndex((a) => a.structuredContent?.issue?.id === ids[0]);
    const agent = agents[winner]!;
    const renewed = await agent.callTool({
      name: 'renew_claim',
      arguments: { issueId: ids[0], agentId: `agent-${winner}`, leaseSeconds: 900 },
    });
    expect(renewed.isError).toBeFalsy();
    const someoneElse = await agents[(winner + 1) % 20]!.callTool({
      name: 'report_fix',
      arguments: { issueId: ids[0], agentId: 'intruder', outcome: 'FIXED' },
    });
    expect(someoneElse).toMatchObject({ isError: true });
    const fixed = (await agent.callTool({
      name: 'report_fix',
      arguments: {
        issueId: ids[0],
        agentId: `agent-${winner}`,
        outcome: 'FIXED',
        commit: 'abc1234',
        summary: 'warm the cache',
      },
    })) as Structured<{ status: string }>;
    expect(fixed.structuredContent).toEqual({ issueId: ids[0], status: 'FIXED' });
  });

  test('an issue as a resource, with a notification when it changes, and the fix_issue prompt', async ({
    server,
    gql,
    seed,
  }) => {
    const id = await seed.project('mcp_res').issue({ type: 'ResourceError' });
    const client = await connect(server.url, TEST_ADMIN_TOKEN);
    const read = await client.readResource({ uri: `logcenter://issues/${id}` });
    expect(read.contents[0]).toMatchObject({
      mimeType: 'text/markdown',
      text: expect.stringContaining(`# Issue ${id}: ResourceError`),
    });

    const updated = new Promise<string>((resolve) =>
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => resolve(n.params.uri)),
    );
    await client.subscribeResource({ uri: `logcenter://issues/${id}` });
    await gql.raw(`mutation { transitionIssue(id: ${id}, to: VERIFYING) { __typename } }`);
    expect(await updated).toBe(`logcenter://issues/${id}`);

    const prompt = await client.getPrompt({ name: 'fix_issue', arguments: { issueId: String(id) } });
    const said = (prompt.messages[0]!.content as { text: string }).text;
    expect(said).toContain('claim_next_issue');
    expect(said).toContain(`# Issue ${id}: ResourceError`);
  });

  test('a claim whose lease runs out is back in PENDING_FIX for the next agent', async ({ server, seed }) => {
    const project = `mcp_lease_${freshLine()}`;
    const id = await seed.project(project).issue({ status: 'PENDING_FIX' });
    const [first, second] = await Promise.all([
      connect(server.url, TEST_ADMIN_TOKEN),
      connect(server.url, TEST_ADMIN_TOKEN),
    ]);
    const claimed = (await first.callTool({
      name: 'claim_next_issue',
      arguments: { agentId: 'slow', projectId: project, leaseSeconds: 1 },
    })) as Structured<{ issue: { id: number } }>;
    expect(claimed.structuredContent?.issue.id).toBe(id);
    // The claim sweeper runs every 2 s.
    let again: Structured<{ issue: { id: number } | null }> | undefined;
    for (let i = 0; i < 40 && !again?.structuredContent?.issue; i++) {
      await new Promise((r) => setTimeout(r, 250));
      again = (await second.callTool({
        name: 'claim_next_issue',
        arguments: { agentId: 'next', projectId: project },
      })) as typeof again;
    }
    expect(again?.structuredContent?.issue?.id).toBe(id);
    const late = await first.callTool({
      name: 'report_fix',
      arguments: { issueId: id, agentId: 'slow', outcome: 'FIXED' },
    });
    expect(late).toMatchObject({ isError: true });
    expect(text(late)).toContain('claimed by next');
  });

  test('a READ token may search but not claim; no token, no session', async ({ server, seed }) => {
    const id = await seed.project('mcp_read').issue({ status: 'PENDING_FIX' });
    const reader = await connect(server.url, await apiToken(server.url, 'READ'));
    expect(
      (await reader.callTool({ name: 'search_issues', arguments: { query: 'project:mcp_read' } })).isError,
    ).toBeFalsy();
    const refused = await reader.callTool({ name: 'claim_issue', arguments: { issueId: id, agentId: 'reader' } });
    expect(refused).toMatchObject({ isError: true });
    expect(text(refused)).toBe('claim_issue needs the AGENT scope');
    const anonymous = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
    });
    expect(anonymous.status).toBe(401);
    // A page of another origin is refused, token or not (DNS rebinding).
    const elsewhere = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
        origin: 'https://evil.example',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
    });
    expect(elsewhere.status).toBe(403);
    // GraphQL's limits: a body over 1 MiB, and a form-like POST a page could make.
    const headers = { accept: 'application/json, text/event-stream', authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
    const big = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(1_100_000) } }),
    });
    expect(big.status).toBe(413);
    const form = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
    });
    expect(form.status).toBe(415);
  });
});
