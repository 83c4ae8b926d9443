// GraphQL over HTTP (yoga, on Fastify) and over WebSocket (graphql-ws), both at /graphql on
// the API port and sharing one context factory, so both behave the same.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createYoga, maskError, type Plugin } from 'graphql-yoga';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { DomainError, ValidationError } from '../errors.ts';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Core } from '../core.ts';
import { apiUrlFor, type ApiUrlOptions } from '../http/api-url.ts';
import { ACTOR_HEADER, createContext, type Context } from './context.ts';
import { resultVariables, subscribeShared } from './shared-execution.ts';
import { sharedPayloadReplacer, withSharedPayload } from './shared-json.ts';
import { watchCredential } from './ws-credentials.ts';
import { authorizeOperation } from '../auth/graphql-guard.ts';
import { fromOwnOrigin, requestHost, trustedPeer, type TrustProxy } from '../http/origin.ts';
import { resolveViewer } from '../auth/viewer.ts';
import { schema } from './schema.ts';

export const GRAPHQL_PATH = '/graphql';
export const MAX_DEPTH = 7;
/** Largest WebSocket message accepted from a client. */
export const WS_MAX_PAYLOAD = 1024 * 1024;
/** A WebSocket client that has not sent connection_init by then is closed (4408). */
export const WS_INIT_TIMEOUT_MS = 3000;
/** A request without a JSON body must carry this header: a cross-site form or image cannot. */
export const CSRF_HEADER = 'x-graphql-csrf';

function rootCause(error: unknown): unknown {
  let cause = error;
  while (cause instanceof Error && 'originalError' in cause && cause.originalError) cause = cause.originalError;
  return cause;
}

/**
 * Domain errors thrown where no typed result catches them (e.g. a bad histogram range)
 * still reach the client with their message, as BAD_USER_INPUT; GraphQL errors pass as
 * they are; anything else stays masked.
 */
function maskUnexpected(error: unknown, message: string, isDev?: boolean): Error {
  const cause = rootCause(error);
  const located = error instanceof GraphQLError ? error : undefined;
  if (cause instanceof GraphQLError) return located ?? cause;
  if (!(cause instanceof DomainError)) return maskError(error, message, isDev);
  return new GraphQLError(cause.message, {
    nodes: located?.nodes ?? null,
    path: located?.path ?? null,
    extensions: {
      code: 'BAD_USER_INPUT',
      ...(cause instanceof ValidationError ? { fieldErrors: cause.fieldErrors } : {}),
    },
  });
}

// Content types a cross-site page can POST without a CORS preflight (forms, sendBeacon).
/** How long WebSocket clients get to answer the close frame at shutdown. */
const WS_CLOSE_GRACE_MS = 500;

const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Yoga's CSRF plugin covers GET; POSTs are checked here because the server parses every
 * body as JSON before yoga sees it, and yoga then takes any POST for a JSON one.
 */
function preflighted(req: FastifyRequest): boolean {
  if (req.headers[CSRF_HEADER] !== undefined || req.headers['x-graphql-yoga-csrf'] !== undefined) return true;
  const type = req.headers['content-type']?.toLowerCase() ?? '';
  return type !== '' && !SIMPLE_CONTENT_TYPES.some((simple) => type.startsWith(simple));
}

/** Every operation's root fields against the permission table (auth/permissions.ts). */
const denial = (args: ExecutionArgs) =>
  authorizeOperation(args.document, args.operationName, (args.contextValue as Context).viewer ?? null);

// The hooks cover what yoga runs (HTTP, and WebSocket queries and mutations); onSubscribe
// below asks the same before any WebSocket operation starts, since shared subscriptions do
// not pass through yoga's hooks.
const authorization: Plugin<Context> = {
  onExecute({ args, setResultAndStopExecution }) {
    const denied = denial(args);
    if (denied) setResultAndStopExecution({ errors: [denied] });
  },
  onSubscribe({ args, setResultAndStopExecution }) {
    const denied = denial(args);
    if (denied) setResultAndStopExecution({ errors: [denied] });
  },
};

type ServerContext = {
  req?: FastifyRequest | IncomingMessage;
  reply?: FastifyReply;
  connectionParams?: Record<string, unknown>;
};

/**
 * A WebSocket's credential: a token in its connection_init, else the upgrade request's cookie.
 * A connection whose `authorization` is neither text nor null is refused at connect.
 */
const wsCredentials = (
  params: Record<string, unknown> | undefined,
  upgrade: { headers: IncomingHttpHeaders } | undefined,
) => ({
  authorization: typeof params?.authorization === 'string' ? params.authorization : undefined,
  cookie: upgrade?.headers.cookie,
});

const hasBadAuthorization = (params: Record<string, unknown> | undefined) =>
  params?.authorization != null && typeof params.authorization !== 'string';

type Options = {
  graphiql: boolean;
  introspection: boolean;
  apiUrl: ApiUrlOptions;
  trustProxy: TrustProxy;
  /** How often an open WebSocket's credential is checked again. */
  wsRecheckMs: number;
};

export function registerGraphQL(
  http: FastifyInstance,
  core: Core,
  { graphiql, introspection, apiUrl, trustProxy, wsRecheckMs }: Options,
) {
  const trusted = trustedPeer(trustProxy);
  const hostOf = (req: FastifyRequest | IncomingMessage) => requestHost('raw' in req ? req.raw : req, trusted);
  const log = core.logger.child({ component: 'graphql' });
  const yoga = createYoga<ServerContext>({
    schema,
    plugins: [
      // graphql-armor's defaults (15 aliases, 1000 tokens, cost 5000, 50 directives), except
      // depth: 7 fields, with fragments not counted as levels. Relay connections put two
      // levels (edges, node) in every list, so the deepest query the product itself makes
      // (a project's rules → deliveries → attempts) has 7; typed-error unions (`... on`)
      // would add more if fragments counted. They apply to WebSocket operations too
      // (onSubscribe validates through yoga).
      EnvelopArmorPlugin({
        maxDepth: { n: MAX_DEPTH, flattenFragments: true },
        blockFieldSuggestion: { enabled: !introspection },
      }),
      useCSRFPrevention({ requestHeaders: [CSRF_HEADER, 'x-graphql-yoga-csrf'] }),
      ...(introspection ? [] : [useDisableIntrospection()]),
      authorization,
    ],
    graphqlEndpoint: GRAPHQL_PATH,
    // GraphiQL with every asset inlined: no CDN, works air-gapped.
    graphiql: graphiql && { title: 'Log Center GraphQL', subscriptionsProtocol: 'WS' },
    // Imported on first use: the inlined GraphiQL bundle costs ~80 MB of heap, and production
    // servers (GraphiQL off by default) should not carry it.
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    cors: false,
    landingPage: false,
    maskedErrors: { maskError: maskUnexpected },
    logging: {
      debug: (...args) => log.debug(args.map(String).join(' ')),
      info: (...args) => log.info(args.map(String).join(' ')),
      warn: (...args) => log.warn(args.map(String).join(' ')),
      error: (...args) => {
        const err = args.find((a) => a instanceof Error);
        // A domain error reaching the client as BAD_USER_INPUT is the client's mistake, not ours.
        const level = rootCause(err) instanceof DomainError ? 'debug' : 'error';
        log[level]({ err }, args.map(String).join(' '));
      },
    },
    context: async ({ request, req, connectionParams }) => {
      // HTTP gives a Fetch request; WebSocket operations the upgrade request.
      const host = req ? hostOf(req) : undefined;
      const protocol = request ? new URL(request.url).protocol.replace(':', '') : 'http';
      const viewer = await resolveViewer(
        core,
        request
          ? {
              authorization: request.headers.get('authorization') ?? undefined,
              cookie: request.headers.get('cookie') ?? undefined,
            }
          : wsCredentials(connectionParams, req),
      );
      const actor = request?.headers.get(ACTOR_HEADER) ?? connectionParams?.actor;
      return createContext(core, actor, apiUrlFor(host ?? undefined, protocol, apiUrl), viewer);
    },
  });

  http.route({
    url: GRAPHQL_PATH,
    method: ['GET', 'POST'],
    // GraphQL has its own reference: the schema, and GraphiQL at this path.
    schema: { hide: true },
    handler: async (req, reply) => {
      if (req.method === 'POST' && !preflighted(req)) {
        return reply.code(403).send({ errors: [{ message: `Required CSRF header (${CSRF_HEADER}) not present` }] });
      }
      return reply.send(await yoga.handleNodeRequestAndResponse(req, reply, { req, reply }));
    },
  });

  const wsServer = new WebSocketServer({ server: http.server, path: GRAPHQL_PATH, maxPayload: WS_MAX_PAYLOAD });
  // Before graphql-ws's own listener: every message it sends passes through withSharedPayload.
  wsServer.on('connection', (socket) => {
    const send = socket.send.bind(socket);
    // graphql-ws sends text with a callback; the bytes made for it still go as a text frame.
    socket.send = ((data: unknown, callback?: (err?: Error) => void) => {
      const out = typeof data === 'string' ? withSharedPayload(data) : data;
      send(out as string, { binary: false }, callback);
    }) as typeof socket.send;
  });
  const ws = useServer<Record<string, unknown>>(
    {
      jsonMessageReplacer: sharedPayloadReplacer,
      connectionInitWaitTimeout: WS_INIT_TIMEOUT_MS,
      // A page on another site must not ride on the dashboard's session cookie.
      onConnect: (ctx) => {
        if (!fromOwnOrigin(ctx.extra.request.headers.origin, hostOf(ctx.extra.request))) return false;
        if (hasBadAuthorization(ctx.connectionParams)) return false;
        const credentials = wsCredentials(ctx.connectionParams, ctx.extra.request);
        if (credentials.authorization || credentials.cookie)
          watchCredential(ctx.extra.socket, () => resolveViewer(core, credentials), wsRecheckMs);
        return true;
      },
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => {
        const { operation } = args.rootValue as SubscriptionRoot;
        const mask = (error: GraphQLError) => maskUnexpected(error, 'Unexpected error.') as GraphQLError;
        return subscribeShared(args, operation, mask);
      },
      onSubscribe: async (ctx, _id, params) => {
        const { schema, execute, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        const contextValue = (await contextFactory()) as unknown as Context;
        const document = parse(params.query);
        const errors = validate(schema, document);
        if (errors.length) return errors;
        // Everything a subscription's result depends on: subscribers alike in all of it share
        // results. Rights among them: fields resolve by the viewer's scopes (a webhook URL is
        // whole for admins only), so viewers with other rights never share a result.
        const operation = JSON.stringify([
          params.query,
          params.operationName,
          resultVariables(schema, document, params.operationName, params.variables),
          contextValue.apiUrl,
          [...(contextValue.viewer?.scopes ?? [])].sort(),
        ]);
        const root: SubscriptionRoot = { execute, operation };
        const args: ExecutionArgs = {
          schema,
          operationName: params.operationName ?? null,
          document,
          variableValues: params.variables ?? null,
          contextValue,
          rootValue: root,
        };
        const denied = denial(args);
        return denied ? [denied] : args;
      },
    },
    wsServer,
  );

  // Close subscribers first (1001 "going away") so that the HTTP server can finish closing:
  // it waits for upgraded sockets too. A client that does not answer the close frame (ws
  // would wait 30 s for it: a browser tab in the background, a paused agent) is cut off after
  // a moment, so that a restart never waits for it.
  http.addHook('preClose', async () => {
    const disposed = ws.dispose();
    const grace = new Promise((resolve) => setTimeout(resolve, WS_CLOSE_GRACE_MS).unref());
    await Promise.race([disposed, grace]);
    for (const client of wsServer.clients) client.terminate();
    await disposed;
  });
}

type Enveloped = ReturnType<ReturnType<typeof createYoga>['getEnveloped']>;
type SubscriptionRoot = Pick<Enveloped, 'execute'> & { operation: string };
