// Builds the whole server: database (migrated), HTTP routes, error handling.
// `main.ts` starts it from the environment; tests start the same app on port 0.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { BODY_LIMIT, registerErrorHandling } from './http/error-handler.ts';
import { registerJsonBody } from './http/json-body.ts';
import { registerDocs } from './http/docs.ts';
import { useRouteSchemas } from './http/route-schemas.ts';
import { registerHealth } from './http/health.ts';
import { registerReportRoute } from './ingest/routes.ts';
import { registerCors } from './http/cors.ts';
import { registerAddressLimit } from './http/address-limit.ts';
import { isReportEndpoint } from './ingest/endpoints.ts';
import { isBuildLogWrite } from './builds/endpoints.ts';
import { createIngester } from './ingest/pipeline.ts';
import { registerProjectRoutes } from './projects/routes.ts';
import type { Logger } from './log.ts';
import type { Core } from './core.ts';
import { createPubSub } from './pubsub/pubsub.ts';
import { createEventPublisher } from './issues/events.ts';
import { createRuleCache } from './notify/rule-cache.ts';
import { createIngestKeys } from './projects/ingest-keys.ts';
import { createProjectAdmission } from './projects/admission.ts';
import { startNotificationWorker } from './notify/worker.ts';
import { startClaimSweeper } from './issues/claims.ts';
import { startRetention } from './issues/retention.ts';
import { registerGraphQL } from './graphql/server.ts';
import { createDashboard } from './web/dashboard.ts';
import { registerSentryRoutes } from './sentry/routes.ts';
import cookie from '@fastify/cookie';
import { bootstrapAdmin } from './auth/accounts.ts';
import { registerAuthRoutes } from './auth/routes.ts';
import { memoryRateLimiter, redisRateLimiter } from './http/rate-limit.ts';
import { createBuilds } from './builds/builds.ts';
import { createReleases } from './releases/releases.ts';
import { createArtifacts } from './releases/artifacts.ts';
import { createSourceMaps } from './releases/source-maps.ts';
import { registerSentryApi } from './releases/sentry-api.ts';
import { registerMcp } from './mcp/http.ts';
import { registerBuildRoutes } from './builds/routes.ts';
import { registerPrintRoutes } from './builds/print-routes.ts';
import { buildLogUpkeep, startBuildLogUpkeep } from './builds/upkeep.ts';

/** At shutdown, how long in-flight requests get before their connections are closed. */
const DRAIN_MS = 1500;
/** All of a request's headers together; larger ones are answered 431 by Node. */
export const HEADER_LIMIT = 16 * 1024;

export type App = {
  db: Database;
  core: Core;
  http: FastifyInstance;
  /** Listens on the API and dashboard ports; returns their base URLs. */
  start(): Promise<{ api: string; web: string }>;
  /** Lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
  /** The admin this start created with a one-time password, to tell the person who started it. */
  firstAdmin: { email: string; password: string } | null;
};

export async function buildApp(config: Config, logger: Logger): Promise<App> {
  const db = await openDatabase(config.database, { logger, logSql: config.logSql ? logger : undefined });
  const pubsub = await createPubSub(config.redisUrl, logger);
  // Notifications do not go through here: changes note them in their own transactions.
  const events = createEventPublisher(pubsub);
  const base = { prisma: db.prisma, sql: db.sql, events, pubsub, logger };
  const rules = createRuleCache(db.prisma, pubsub);
  const ingester = createIngester(
    {
      ...base,
      storage: { scrubSecrets: config.ingest.scrubSecrets, retentionDays: config.retention.days },
    },
    config.ingest,
  );
  const ingestKeys = createIngestKeys(db.prisma, pubsub);
  // One set of per-minute counts for every limit (key, address, sign-in, new projects); their keys differ.
  const limiter = pubsub.redis ? redisRateLimiter(pubsub.redis) : memoryRateLimiter();
  const projects = createProjectAdmission(db.prisma, ingestKeys, limiter, config.projects);
  const builds = createBuilds(db.sql, db.prisma, pubsub);
  const releases = createReleases({ prisma: db.prisma, events });
  const artifacts = createArtifacts(db.prisma, config.sourceMaps);
  const sourceMaps = createSourceMaps(db.prisma);
  const core: Core = {
    ...base,
    rules,
    ingestKeys,
    projects,
    builds,
    releases,
    artifacts,
    sourceMaps,
    ingest: ingester.ingest,
  };
  try {
    const applied = await db.migrate();
    if (applied.length > 0) logger.info({ event: 'db.migrated', applied }, 'migrations applied');
    const firstAdmin = await bootstrapAdmin(db.prisma, logger, config.admin);
    await buildLogUpkeep(builds.store, config.buildLogRetentionDays, logger);

    // The same limits on both ports: the dashboard's serves GraphQL too.
    const limits = {
      bodyLimit: BODY_LIMIT,
      requestTimeout: config.timeouts.requestMs,
      http: {
        maxHeaderSize: HEADER_LIMIT,
        headersTimeout: config.timeouts.headersMs,
        // How often Node looks for requests over their time; by default only every 30 s.
        connectionsCheckingInterval: Math.max(50, Math.min(1000, config.timeouts.headersMs / 4)),
      },
      trustProxy: config.trustProxy,
      // A path parameter as sent: a 200-character pipeline name is up to 1,800 URL-encoded.
      routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    };
    const http = Fastify({
      loggerInstance: logger as FastifyBaseLogger,
      // Requests are not logged one by one (thousands a second); events and rejections are.
      logController: new LogController({ disableRequestLogging: true }),
      ...limits,
    });
    registerJsonBody(http);
    registerErrorHandling(http);
    http.setNotFoundHandler((req, reply) =>
      reply.code(404).send({ error: 'not_found', message: `no route for ${req.method} ${req.url.split('?')[0]}` }),
    );
    await registerCors(http);
    await registerDocs(http);
    await http.register(cookie);
    const api = useRouteSchemas(http);
    http.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/docs'));
    registerAddressLimit(http, limiter, {
      perMinute: config.ingest.limitPerAddress,
      bucket: 'ingest',
      what: 'reports',
      applies: (method, url) => method === 'POST' && isReportEndpoint(url),
      sentry: true,
    });
    registerAddressLimit(http, limiter, {
      perMinute: config.buildLogLimitPerAddress,
      bucket: 'build-logs',
      what: 'build-log writes',
      applies: isBuildLogWrite,
    });
    // In the order the reference lists them (the Sentry routes, in a plugin of their own, come last).
    registerReportRoute(api, core, limiter);
    registerSentryRoutes(api, core, { lowLevel: config.sentryInfoLevel, rateLimiter: limiter });
    registerProjectRoutes(api, core, config.projects.apiAuth);
    registerAuthRoutes(api, core, limiter);
    registerBuildRoutes(api, core);
    registerPrintRoutes(api, core);
    registerSentryApi(api, core, { orgSlug: config.sentryOrgSlug });
    let stopping = false;
    registerHealth(api, {
      db,
      pendingReports: ingester.pending,
      maxPending: config.ingest.readyMaxPending,
      stopping: () => stopping,
    });
    const apiUrl = { publicApiUrl: config.publicApiUrl, apiPort: config.port };
    const mcp = registerMcp(http, core, { trustProxy: config.trustProxy });
    registerGraphQL(http, core, {
      graphiql: config.graphiql,
      introspection: config.introspection,
      apiUrl,
      trustProxy: config.trustProxy,
      wsRecheckMs: config.wsRecheckMs,
    });
    const dashboard = await createDashboard(core, apiUrl, limits, limiter, config.wsRecheckMs);

    let stopSweeper = () => {};
    let stopNotifier = async () => {};
    let stopRetention = async () => {};
    let stopBuildLogUpkeep = async () => {};
    return {
      db,
      core,
      http,
      firstAdmin,
      async start() {
        const address = await http.listen({ port: config.port, host: config.host });
        const dashboardAddress = await dashboard.listen({ port: config.webPort, host: config.host });
        const port = (server: FastifyInstance) => (server.server.address() as { port: number }).port;
        // With PORT=0 the API's port is known only now, and DSNs must name it.
        apiUrl.apiPort = port(http);
        stopSweeper = startClaimSweeper(core, config.claimSweepIntervalMs);
        stopNotifier = startNotificationWorker(core, config.notify);
        stopRetention = startRetention(db.sql, logger, config.retention);
        stopBuildLogUpkeep = startBuildLogUpkeep(
          builds.store,
          config.buildLogRetentionDays,
          config.retention.intervalMs,
          logger,
        );
        logger.info(
          { event: 'server.started', address, dashboard: dashboardAddress, database: db.kind, pubsub: pubsub.kind },
          'Log Center is listening',
        );
        return { api: `http://127.0.0.1:${port(http)}`, web: `http://127.0.0.1:${port(dashboard)}` };
      },
      async stop() {
        stopping = true;
        stopSweeper();
        // In-flight requests get a moment to finish (reports are acknowledged only once stored);
        // a connection still open after it — a request that never finishes arriving, a response
        // nobody reads — is closed, so that stopping never waits for a client.
        const cut = setTimeout(() => {
          http.server.closeAllConnections();
          dashboard.server.closeAllConnections();
        }, DRAIN_MS).unref();
        await mcp.close();
        await Promise.all([http.close(), dashboard.close()]);
        clearTimeout(cut);
        await Promise.all([stopNotifier(), stopRetention(), stopBuildLogUpkeep(), ingester.settled()]);
        events.close();
        rules.close();
        ingestKeys.close();
        await pubsub.close();
        await db.close();
      },
    };
  } catch (err) {
    events.close();
    rules.close();
    ingestKeys.close();
    await pubsub.close();
    await db.close();
    throw err;
  }
}
