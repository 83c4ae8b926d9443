// `logcenter mcp`: Log Center's MCP server over stdio, for MCP clients that start their servers
// as commands. It passes each request to the server's /mcp (LOG_CENTER_URL, LOG_CENTER_TOKEN),
// so the tools, their checks and their answers are the server's own.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  ResourceUpdatedNotificationSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { serverUrl } from './report.ts';

export const MCP_USAGE = `usage: logcenter mcp

Serves Log Center's MCP tools over stdin/stdout, for MCP clients that run servers as
commands. Needs LOG_CENTER_URL (http://localhost:8002) and LOG_CENTER_TOKEN (an API token;
AGENT scope to claim and fix issues). Clients that speak Streamable HTTP can use
LOG_CENTER_URL/mcp directly instead.
`;

export async function runMcpStdio(): Promise<number> {
  const token = process.env.LOG_CENTER_TOKEN?.trim();
  if (!token) {
    process.stderr.write(`logcenter mcp: LOG_CENTER_TOKEN is required\n\n${MCP_USAGE}`);
    return 2;
  }
  const remote = new Client({ name: 'logcenter-mcp-stdio', version: '1' });
  try {
    await remote.connect(
      new StreamableHTTPClientTransport(new URL(`${serverUrl()}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
  } catch (err) {
    process.stderr.write(`logcenter mcp: cannot reach ${serverUrl()}/mcp: ${(err as Error).message}\n`);
    return 1;
  }
  const server = new Server(
    { name: 'log-center', version: '1' },
    { capabilities: { tools: {}, resources: { subscribe: true }, prompts: {} } },
  );
  server.setRequestHandler(ListToolsRequestSchema, (req) => remote.listTools(req.params));
  server.setRequestHandler(CallToolRequestSchema, (req) => remote.callTool(req.params));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, (req) => remote.listResourceTemplates(req.params));
  server.setRequestHandler(ReadResourceRequestSchema, (req) => remote.readResource(req.params));
  server.setRequestHandler(SubscribeRequestSchema, (req) => remote.subscribeResource(req.params));
  server.setRequestHandler(UnsubscribeRequestSchema, (req) => remote.unsubscribeResource(req.params));
  server.setRequestHandler(ListPromptsRequestSchema, (req) => remote.listPrompts(req.params));
  server.setRequestHandler(GetPromptRequestSchema, (req) => remote.getPrompt(req.params));
  remote.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => server.sendResourceUpdated(n.params));
  const closed = new Promise<void>((resolve) => (server.onclose = resolve));
  await server.connect(new StdioServerTransport());
  process.stdin.once('end', () => void server.close());
  await closed;
  await remote.close();
  return 0;
}
