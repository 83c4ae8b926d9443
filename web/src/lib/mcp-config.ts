// What to paste into common MCP clients to connect an AI coding agent to Log Center's /mcp.

export type McpClientConfig = { client: string; where: string; text: string };

export function mcpConfigs(apiUrl: string, token: string): McpClientConfig[] {
  const url = `${apiUrl.replace(/\/+$/, '')}/mcp`;
  const headers = { Authorization: `Bearer ${token}` };
  return [
    {
      client: 'Claude Code',
      where: 'run in a terminal',
      text: `claude mcp add --transport http log-center ${url} --header "Authorization: Bearer ${token}"`,
    },
    {
      client: 'VS Code (Copilot)',
      where: '.vscode/mcp.json',
      text: JSON.stringify({ servers: { 'log-center': { type: 'http', url, headers } } }, null, 2),
    },
    {
      client: 'Cursor',
      where: '~/.cursor/mcp.json',
      text: JSON.stringify({ mcpServers: { 'log-center': { url, headers } } }, null, 2),
    },
    {
      client: 'Any client that starts servers as commands (stdio)',
      where: 'its MCP server list',
      text: JSON.stringify(
        {
          mcpServers: {
            'log-center': {
              command: 'npx',
              args: ['logcenter', 'mcp'],
              env: { LOG_CENTER_URL: apiUrl.replace(/\/+$/, ''), LOG_CENTER_TOKEN: token },
            },
          },
        },
        null,
        2,
      ),
    },
  ];
}
