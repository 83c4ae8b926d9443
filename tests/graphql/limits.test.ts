// GraphQL abuse limits: depth, aliases, tokens, cost; introspection and suggestions in
// production; CSRF; masked errors; WebSocket payload size and connection-init timeout.
import { adminAuthorization } from '../helpers/auth.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, useServer, type TestServer } from '../helpers/server.ts';
import { report } from '../helpers/http.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { as, type Execution } from '../testkit/client.ts';

const server = useServer();

const messages = (res: Execution<unknown>) => (res.body.errors ?? []).map((e) => e.message).join('\n');

beforeAll(async () => {
  await report(server().url, runtimeReport({ project_id: 'limits_gql' }));
});

describe('query limits (graphql-armor)', () => {
  const rules = (leaf: string) =>
    `{ issues(first: 1) { edges { node { project { notificationRules { deliveries(first: 1) { ${leaf} } } } } } } }`;

  it('accept the depth the product needs (7) and refuse more', async () => {
    const seven = await as(server().url).raw(rules('totalCount'));
    expect(seven.body.errors).toBeUndefined();
    const eight = await as(server().url).raw(rules('edges { cursor }'));
    expect(messages(eight)).toMatch(/Query depth limit of 7 exceeded, found 8/);
  });

  it('refuse more than 15 aliases', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: projects { id }`).join(' ');
    expect(messages(await as(server().url).raw(`{ ${aliases} }`))).toMatch(/Aliases limit of 15 exceeded, found 16/);
  });

  it('refuse more than 1000 tokens', async () => {
    const fields = Array.from({ length: 600 }, () => 'id name').join(' ');
    expect(messages(await as(server().url).raw(`{ projects { ${fields} } }`))).toMatch(/Token limit of 1000 exceeded/);
  });

  it('refuse an operation costing more than 5000', async () => {
    const attempts =
      'node { id status eventCount attempts lastError sentAt attemptLog { attempt ok responseStatus error } }';
    const field = `issues(first: 1) { edges { node { project { notificationRules { deliveries(first: 1) { edges { ${attempts} } } } } } } }`;
    const query = `{ ${Array.from({ length: 15 }, (_, i) => `q${i}: ${field}`).join(' ')} }`;
    expect(messages(await as(server().url).raw(query))).toMatch(/Query Cost limit of 5000 exceeded/);
  });
});

describe('in production', () => {
  let production: TestServer;
  beforeAll(async () => {
    production = await startServer({ NODE_ENV: 'production' });
  });
  afterAll(() => production.stop());

  it('turns introspection off', async () => {
    const res = await as(production.url).raw('{ __schema { types { name } } }');
    expect(res.body.data).toBeUndefined();
    expect(messages(res)).toMatch(/introspection/i);
  });

  it('gives no field suggestions', async () => {
    const res = await as(production.url).raw('{ projectz { id } }');
    expect(messages(res)).toMatch(/Cannot query field/);
    expect(messages(res)).not.toMatch(/Did you mean/);
  });

  it('in development both are on', async () => {
    expect((await as(server().url).raw('{ __schema { queryType { name } } }')).body.data.__schema.queryType.name).toBe(
      'Query',
    );
    expect(messages(await as(server().url).raw('{ projectz { id } }'))).toMatch(/Did you mean .*"projects"/);
  });
});

describe('CSRF prevention', () => {
  it('refuses a GET or a form-like POST without the CSRF header', async () => {
    const get = await fetch(`${server().url}/graphql?query=${encodeURIComponent('{ projects { id } }')}`);
    expect(get.status).toBe(403);
    const form = await as(server().url).raw('{ projects { id } }', undefined, {
      headers: { 'content-type': 'text/plain' },
    });
    expect(form.status).toBe(403);
    expect(messages(form)).toMatch(/CSRF/);
    const beacon = await fetch(`${server().url}/graphql`, {
      method: 'POST',
      body: new Blob([JSON.stringify({ query: '{ projects { id } }' })]),
    });
    expect(beacon.status).toBe(403);
  });

  it('serves the same with the header, or as JSON', async () => {
    const get = await fetch(`${server().url}/graphql?query=${encodeURIComponent('{ projects { id } }')}`, {
      headers: { 'x-graphql-csrf': '1', authorization: adminAuthorization },
    });
    expect(get.status).toBe(200);
    expect((await as(server().url).raw('{ projects { id } }')).status).toBe(200);
  });
});

describe('unexpected errors', () => {
  it('are masked: no stack, SQL or host names reach the client', async () => {
    const broken = await startServer({ LOG_LEVEL: 'silent' });
    try {
      await broken.database.drop();
      const res = await as(broken.url).raw('{ projects { id name } }');
      expect(messages(res)).toBe('Unexpected error.');
      for (const leak of ['SELECT', 'postgres', '127.0.0.1', broken.database.name, '    at ', 'stack'])
        expect(res.text).not.toContain(leak);
    } finally {
      await broken.stop();
    }
  });
});

describe('WebSocket', () => {
  const open = () => new WebSocket(`${server().url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  const closed = (ws: WebSocket) =>
    new Promise<{ code: number; ms: number }>((resolve) => {
      const started = Date.now();
      ws.on('close', (code) => resolve({ code, ms: Date.now() - started }));
    });

  it('closes a connection that does not initialise within 3 s (4408)', async () => {
    const ws = open();
    const { code, ms } = await closed(ws);
    expect(code).toBe(4408);
    expect(ms).toBeGreaterThanOrEqual(2500);
    expect(ms).toBeLessThan(6000);
  });

  it('closes a connection that sends a message over 1 MiB (1009)', async () => {
    const ws = open();
    await new Promise((resolve) => ws.on('open', resolve));
    const done = closed(ws);
    ws.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(1024 * 1024) } }));
    expect((await done).code).toBe(1009);
  });
});
