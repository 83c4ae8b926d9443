import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { z } from 'zod';
import { errorResponse, jsonResponse, useRouteSchemas } from './route-schemas.ts';
import { registerErrorHandling } from './error-handler.ts';
import { registerJsonBody } from './json-body.ts';

async function appWith(register: (api: ReturnType<typeof useRouteSchemas>) => void) {
  const app = Fastify();
  registerJsonBody(app);
  registerErrorHandling(app);
  register(useRouteSchemas(app));
  await app.ready();
  return app;
}

const schema = {
  body: z.strictObject({ name: z.string(), tags: z.array(z.string()).optional() }),
  response: {
    200: jsonResponse('Echoed', z.object({ name: z.string() })),
    422: errorResponse('A field breaks the schema'),
  },
};

describe('route schemas', () => {
  it('answer a bad body 422 naming each field, an empty one 400, and serialise by the schema', async () => {
    const app = await appWith((api) =>
      api.post('/echo', { schema }, async (req) => ({ name: req.body.name, secret: 'left out' })),
    );
    const bad = await app.inject({ method: 'POST', url: '/echo', payload: { name: 1, tags: [2], extra: true } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toEqual({
      error: 'validation_failed',
      message: expect.stringMatching(/^invalid request body: /),
      details: [
        { path: 'name', reason: 'must be a string, got number 1' },
        { path: 'tags[0]', reason: 'must be a string, got number 2' },
        { path: 'extra', reason: 'is not a known field' },
      ],
    });
    const empty = await app.inject({ method: 'POST', url: '/echo' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ error: 'empty_body' });
    const ok = await app.inject({ method: 'POST', url: '/echo', payload: { name: 'a' } });
    expect(ok.json()).toEqual({ name: 'a' });
    await app.close();
  });

  it('refuse a route that does not declare its responses', async () => {
    await expect(appWith((api) => api.get('/undocumented', async () => ({})))).rejects.toThrow(
      'GET /undocumented declares no responses',
    );
  });
});
