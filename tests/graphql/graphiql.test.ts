// GraphiQL at /graphql, with every asset inlined (no CDN); off in production.
import { describe, expect, it } from 'vitest';
import { startServer, useServer } from '../helpers/server.ts';

const server = useServer();

const page = (base: string) => fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });

describe('GraphiQL', () => {
  it('is served from this server alone', async () => {
    const res = await page(server().url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Log Center GraphQL</title>');
    const external = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="(https?:)?\/\/[^"]+"/g)];
    expect(external).toEqual([]);
  });

  it('is off when GRAPHIQL=false (the default in production)', async () => {
    const quiet = await startServer({ GRAPHIQL: 'false' });
    try {
      const res = await page(quiet.url);
      // Yoga's answer to a browser when there is no GraphiQL: 406, nothing in the body.
      expect(res.status).toBe(406);
      expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    } finally {
      await quiet.stop();
    }
  });
});
