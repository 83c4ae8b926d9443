// The MCP server of one session: Log Center's tools for the credential that opened it. Every
// tool is listed; a call the credential's scopes do not allow, or one the domain refuses,
// answers an MCP tool error with the reason — never a stack trace.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Core } from '../core.ts';
import type { Viewer } from '../auth/accounts.ts';
import { allows } from '../auth/permissions.ts';
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

export function createMcpServer(core: Core, viewer: () => Viewer) {
  const server = new McpServer({ name: 'log-center', version: '1' }, { capabilities: { tools: {} } });
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
  return server;
}
