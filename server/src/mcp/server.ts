// The MCP server of one session: Log Center's tools, the issue resources (with update
// notifications) and the fix_issue prompt, for the credential that opened it. Every tool is
// listed; a call the credential's scopes do not allow, or one the domain refuses, answers an
// MCP tool error with the reason — never a stack trace.
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  McpError,
  ErrorCode,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Core } from '../core.ts';
import type { Viewer } from '../auth/accounts.ts';
import { allows, ROOT_FIELDS } from '../auth/permissions.ts';
import { DomainError } from '../errors.ts';
import { requirementOf, TOOLS, type ToolResult } from './tools.ts';

const NEEDS: Record<string, string> = {
  read: 'the READ scope',
  triage: 'the TRIAGE scope',
  agent: 'the AGENT scope',
  release: 'the RELEASE scope',
  admin: 'the ADMIN scope',
};

const failure = (message: string) => ({ isError: true, content: [{ type: 'text' as const, text: message }] });

export const issueUri = (id: number) => `logcenter://issues/${id}`;
const ISSUE_URI = /^logcenter:\/\/issues\/(\d{1,9})$/;

/** What an agent is told to do, in a few lines: the claim protocol. */
const PROTOCOL = `You fix issues reported to Log Center. The claim protocol:
1. claim_next_issue (or claim_issue) with your agentId: the issue is yours (FIXING) until the lease ends; nobody else gets it.
2. get_issue for everything about it; work in the project's local_path or a clone of its repo_url.
3. renew_claim before the lease ends while you work; release_claim (with why) if you give up.
4. report_fix: FIXED with commit, branch, prUrl and a summary, or FIX_FAILED with the reason in summary.
Do not touch issues you have not claimed.`;

export function createMcpServer(core: Core, viewer: () => Viewer) {
  const server = new McpServer({ name: 'log-center', version: '1' });
  const readIssue = ROOT_FIELDS.Query.issue!;

  for (const [name, tool] of Object.entries(TOOLS)) {
    const requirement = requirementOf(tool);
    server.registerTool(
      name,
      { description: tool.description, inputSchema: tool.input, outputSchema: tool.output },
      async (args: unknown) => {
        const who = viewer();
        if (!allows(who, requirement)) return failure(`${name} needs ${NEEDS[requirement] ?? requirement}`);
        try {
          const result: ToolResult = await (tool.run as (c: Core, v: Viewer, a: unknown) => Promise<ToolResult>)(
            core,
            who,
            args,
          );
          return { content: [{ type: 'text' as const, text: result.text }], structuredContent: result.structured };
        } catch (err) {
          if (err instanceof DomainError) return failure(err.message);
          core.logger.error({ err, event: 'mcp.tool_failed', tool: name }, 'MCP tool failed');
          return failure(`${name} failed on the server; see its log`);
        }
      },
    );
  }

  const issueText = async (id: number) => {
    if (!allows(viewer(), readIssue))
      throw new McpError(ErrorCode.InvalidRequest, `reading issues needs ${NEEDS[readIssue]}`);
    const result = await TOOLS.get_issue.run(core, viewer(), { issueId: id }).catch((err: unknown) => {
      if (err instanceof DomainError) throw new McpError(ErrorCode.InvalidParams, err.message);
      throw err;
    });
    return result.text;
  };

  server.registerResource(
    'issue',
    new ResourceTemplate('logcenter://issues/{id}', { list: undefined }),
    {
      description: 'An issue as get_issue tells it, in Markdown; subscribe to hear when it changes.',
      mimeType: 'text/markdown',
    },
    async (uri, { id }) => ({
      contents: [{ uri: uri.href, mimeType: 'text/markdown', text: await issueText(Number(id)) }],
    }),
  );

  server.registerPrompt(
    'fix_issue',
    {
      description: 'The claim protocol for a repair agent, and the issue to fix when one is named.',
      argsSchema: {
        issueId: z
          .string()
          .regex(/^\d{1,9}$/)
          .optional(),
      },
    },
    async ({ issueId }) => ({
      messages: [
        {
          role: 'user' as const,
          content: {
            type: 'text' as const,
            text: issueId
              ? `${PROTOCOL}\n\nThe issue:\n\n${await issueText(Number(issueId))}`
              : `${PROTOCOL}\n\nStart with claim_next_issue.`,
          },
        },
      ],
    }),
  );

  // Subscriptions: the issue events every replica sees (pubsub), told as resource updates.
  const subscribed = new Set<number>();
  let events: AsyncIterator<unknown> | undefined;
  async function listen() {
    const source = core.pubsub.subscribe('issue:event');
    events = source as AsyncIterator<unknown>;
    for await (const message of source) {
      const id = (message as { issue?: { id?: number } }).issue?.id;
      if (id !== undefined && subscribed.has(id))
        await server.server.sendResourceUpdated({ uri: issueUri(id) }).catch(() => {});
    }
  }
  server.server.registerCapabilities({ resources: { subscribe: true } });
  server.server.setRequestHandler(SubscribeRequestSchema, (req) => {
    const id = ISSUE_URI.exec(req.params.uri)?.[1];
    if (!id) throw new McpError(ErrorCode.InvalidParams, `not an issue resource: ${req.params.uri}`);
    if (!allows(viewer(), readIssue))
      throw new McpError(ErrorCode.InvalidRequest, `reading issues needs ${NEEDS[readIssue]}`);
    subscribed.add(Number(id));
    if (!events) void listen();
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, (req) => {
    const id = ISSUE_URI.exec(req.params.uri)?.[1];
    if (id) subscribed.delete(Number(id));
    return {};
  });
  server.server.onclose = () => void events?.return?.();

  return server;
}
