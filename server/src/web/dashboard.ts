// The dashboard's own port (WEB_PORT): the built SvelteKit app (every asset local), its
// runtime config, and GraphQL on the same origin so the browser needs no CORS.
import { existsSync } from 'node:fs';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
} from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Core } from '../core.ts';
import { registerGraphQL } from '../graphql/server.ts';
import type { TrustProxy } from '../http/origin.ts';
import { registerJsonBody } from '../http/json-body.ts';
import { registerErrorHandling } from '../http/error-handler.ts';
import { jsonResponse, useRouteSchemas } from '../http/route-schemas.ts';
import { z } from 'zod';
import cookie from '@fastify/cookie';
import { registerAuthRoutes } from '../auth/routes.ts';
import { registerBuildReadRoutes } from '../builds/routes.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import { apiUrlFor, type ApiUrlOptions } from '../http/api-url.ts';
import { inProject } from '../paths.ts';

export const dashboardBuild = inProject('web', 'build');

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Log Center</title>
<p>The dashboard has not been built. Run <code>npm run build:web</code> (npm start does this) and reload.</p>`;

const configSchema = {
  response: {
    200: jsonResponse('Where the dashboard sends GraphQL and shows reports go', z.object({ apiUrl: z.string() })),
  },
};

/** `limits`: the API port's body, header and time limits. */
export async function createDashboard(
  core: Core,
  options: ApiUrlOptions,
  limits: FastifyServerOptions,
  loginLimiter: RateLimiter,
  wsRecheckMs: number,
): Promise<FastifyInstance> {
  const http = Fastify({
    loggerInstance: core.logger.child({ component: 'dashboard' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    ...limits,
  });
  registerJsonBody(http);
  registerErrorHandling(http);
  // Signing in happens here, so that the session cookie belongs to the dashboard's origin.
  await http.register(cookie);
  const api = useRouteSchemas(http);
  registerAuthRoutes(api, core, loginLimiter);
  registerBuildReadRoutes(api, core);

  // Where the onboarding snippets send reports: PUBLIC_API_URL, else this host on the API port.
  api.get('/config.json', { schema: configSchema }, async (req) => ({
    // req.host is X-Forwarded-Host only behind TRUST_PROXY.
    apiUrl: apiUrlFor(req.host, req.protocol, options),
  }));
  registerGraphQL(http, core, {
    graphiql: false,
    introspection: false,
    apiUrl: options,
    trustProxy: limits.trustProxy as TrustProxy,
    wsRecheckMs,
  });

  if (!existsSync(dashboardBuild)) {
    core.logger.warn(
      { event: 'dashboard.not_built', path: dashboardBuild },
      'dashboard not built: run npm run build:web',
    );
    http.setNotFoundHandler((_req, reply) => reply.code(503).type('text/html').send(NOT_BUILT));
    return http;
  }

  await http.register(fastifyStatic, {
    root: dashboardBuild,
    wildcard: false,
    setHeaders(reply, path) {
      // Hashed file names never change; everything else is checked every time.
      void reply.header(
        'cache-control',
        path.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  // A single-page app: every other page is index.html, routed in the browser.
  http.setNotFoundHandler((req, reply) => {
    if (req.method !== 'GET' || req.url.startsWith('/_app/'))
      return reply.code(404).send({ error: 'not_found', message: 'no such file' });
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return http;
}
