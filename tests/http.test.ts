// Operational endpoints: health, API reference.
import { describe, expect, it } from 'vitest';
import { startServer, useServer } from './helpers/server.ts';
import { get } from './helpers/http.ts';

const server = useServer();

describe('/healthz and /readyz', () => {
  it('/healthz says the process is alive', async () => {
    const res = await get(server().url, '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database and the ingestion queue', async () => {
    const res = await get(server().url, '/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', database: 'postgres', pending: 0 });
  });
});

describe('/', () => {
  it('leads to the API reference', async () => {
    const res = await fetch(`${server().url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/docs');
  });
});

describe('/docs', () => {
  it('serves the REST reference with every asset from this server, none from a CDN', async () => {
    const page = await get(server().url, '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('<title>Log Center REST API</title>');
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) {
      expect(asset, 'asset must be local').toMatch(/^\/docs\//);
      const res = await fetch(server().url + asset);
      expect(res.status, asset).toBe(200);
      await res.arrayBuffer();
    }
  });

  it('publishes the OpenAPI document that the page renders, with the report schema from the validator', async () => {
    const doc = await get(server().url, '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.info.title).toBe('Log Center REST API');
    const report = doc.body.paths['/api/v1/logs/report'].post.requestBody.content['application/json'].schema;
    expect(report.required).toEqual(['project_id', 'environment', 'level', 'error']);
    expect(report.properties.level.enum).toEqual(['WARNING', 'ERROR', 'CRITICAL']);
    expect(report.properties.error.required).toEqual(['type', 'message']);
    expect(Object.keys(doc.body.paths)).toEqual([
      '/api/v1/logs/report',
      '/api/v1/projects',
      '/api/v1/projects/{project_id}',
      '/api/v1/auth/login',
      '/api/v1/auth/logout',
      '/api/v1/auth/me',
      '/api/v1/builds/{project_id}/{pipeline}/{build}/logs',
      '/api/v1/builds/{project_id}/{pipeline}/{build}/status',
      '/api/v1/builds/{project_id}/{pipeline}/{build}',
      '/api/v1/builds/{project_id}/{pipeline}/{build}/logs/download',
      '/api/v1/build/logs/print',
      '/api/v1/build/logs/print/multi',
      '/api/v1/build/logs/print/status',
      '/healthz',
      '/readyz',
      '/api/{dsnId}/envelope',
      '/api/{dsnId}/store',
      '/api/0/',
      '/api/0/organizations/{org}/repos/',
      '/api/0/organizations/{org}/releases/',
      '/api/0/projects/{org}/{project}/releases/',
      '/api/0/organizations/{org}/releases/{version}/',
      '/api/0/organizations/{org}/releases/{version}/commits/',
      '/api/0/organizations/{org}/releases/{version}/previous-with-commits/',
      '/api/0/organizations/{org}/chunk-upload/',
      '/api/0/organizations/{org}/artifactbundle/assemble/',
      '/api/0/organizations/{org}/releases/{version}/deploys/',
    ]);
    expect(doc.body.paths['/api/v1/projects/{project_id}'].put.responses['403'].description).toContain('ADMIN');
    // Every route's every answer, with its body's schema, from the route itself.
    for (const [path, operations] of Object.entries(doc.body.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(Object.keys(operation.responses).length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(operation.responses as Record<string, any>)) {
          expect(response.description, `${method} ${path} ${status}`).toBeTruthy();
          // JSON objects everywhere, but the download's text and Sentry's arrays.
          const [type, body] = Object.entries(response.content as Record<string, { schema: { type: string } }>)[0]!;
          // Sentry's API, as sentry-cli reads it, answers lists as arrays.
          if (path.startsWith('/api/0/')) {
            expect(type, `${method} ${path} ${status}`).toBe('application/json');
            continue;
          }
          expect([type, body.schema.type], `${method} ${path} ${status}`).toEqual(
            path.endsWith('/download') && status === '200' ? ['text/plain', 'string'] : ['application/json', 'object'],
          );
        }
      }
    }
    expect(Object.keys(doc.body.components.securitySchemes)).toEqual(['token', 'session']);
    const ui = await get(server().url, '/docs/json');
    expect(ui.body).toEqual(doc.body);
  });
});

describe('without a database', () => {
  it('/readyz answers 503 while /healthz stays up', async () => {
    const own = await startServer({ LOG_LEVEL: 'fatal' });
    try {
      await own.database.drop();
      const res = await get(own.url, '/readyz');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body).toEqual({ error: 'not_ready', message: 'database (postgres) does not answer' });
      expect((await get(own.url, '/healthz')).status).toBe(200);
    } finally {
      await own.stop();
    }
  });
});
