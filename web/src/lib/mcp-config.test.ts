import { describe, expect, it } from 'vitest';
import { mcpConfigs } from './mcp-config.ts';

describe('MCP client configurations', () => {
  it('point every client at /mcp with the token', () => {
    const configs = mcpConfigs('https://logs.example.com/', 'lct_abc');
    expect(configs.map((c) => c.client)).toHaveLength(4);
    expect(configs[0]!.text).toBe(
      'claude mcp add --transport http log-center https://logs.example.com/mcp --header "Authorization: Bearer lct_abc"',
    );
    expect(JSON.parse(configs[1]!.text)).toEqual({
      servers: {
        'log-center': {
          type: 'http',
          url: 'https://logs.example.com/mcp',
          headers: { Authorization: 'Bearer lct_abc' },
        },
      },
    });
    expect(JSON.parse(configs[3]!.text).mcpServers['log-center'].env).toEqual({
      LOG_CENTER_URL: 'https://logs.example.com',
      LOG_CENTER_TOKEN: 'lct_abc',
    });
  });
});
