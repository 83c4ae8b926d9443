// MCP over Streamable HTTP at /mcp on the API port, for agents with an API token
// (`Authorization: Bearer lct_…`). Each session is the token's that opened it: its requests
// must come with the same credential, which is checked again each time (a revoked token ends
// its use at once). Idle sessions are closed after an hour. Browsers' requests from pages of
// other origins are refused, as GraphQL's WebSocket refuses them.
import { randomUUID, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Core } from '../core.ts';
import type { Viewer } from '../auth/accounts.ts';
import { requestViewer } from '../auth/http.ts';
import { HttpError } from '../http/errors.ts';
import { fromOwnOrigin, requestHost, trustedPeer, type TrustProxy } from '../http/origin.ts';

type Session = { transport: StreamableHTTPServerTransport; credential: string; viewer: Viewer; seen: number };

const IDLE_MS = 3_600_000;
const SESSION_HEADER = 'mcp-session-id';

// The MCP SDK is loaded with the first session: an installation without agents does not pay
// for it in memory or start-up time.
let sdk:
  | Promise<{
      Transport: typeof StreamableHTTPServerTransport;
      createMcpServer: typeof import('./server.ts').createMcpServer;
    }>
  | undefined;
const loadSdk = () =>
  (sdk ??= Promise.all([import('@modelcontextprotocol/sdk/server/streamableHttp.js'), import('./server.ts')]).then(
    ([http, server]) => ({ Transport: http.StreamableHTTPServerTransport, createMcpServer: server.createMcpServer }),
  ));

const credentialOf = (req: FastifyRequest) =>
  createHash('sha256')
    .update(req.headers.authorization ?? '')
    .digest('hex');

export function registerMcp(app: FastifyInstance, core: Core, { trustProxy }: { trustProxy: TrustProxy }) {
  const sessions = new Map<string, Session>();
  const trusted = trustedPeer(trustProxy);

  function closeIdle(now: number) {
    for (const [id, s] of sessions)
      if (now - s.seen > IDLE_MS) void s.transport.close().finally(() => sessions.delete(id));
  }

  async function handle(req: FastifyRequest, reply: FastifyReply) {
    // A page of another site (DNS rebinding included) is refused before anything else.
    if (!fromOwnOrigin(req.headers.origin, requestHost(req.raw, trusted)))
      throw new HttpError(403, 'forbidden', 'MCP requests from pages of another origin are refused');
    const viewer = await requestViewer(core, req);
    if (!viewer || viewer.via !== 'token')
      throw new HttpError(401, 'unauthenticated', 'send an API token: Authorization: Bearer lct_…');
    const id = req.headers[SESSION_HEADER];
    let session = typeof id === 'string' ? sessions.get(id) : undefined;
    if (typeof id === 'string' && !session)
      throw new HttpError(404, 'not_found', 'no such MCP session; initialize again');
    if (session && session.credential !== credentialOf(req))
      throw new HttpError(403, 'forbidden', 'this MCP session belongs to another credential');
    if (!session) {
      closeIdle(Date.now());
      const { Transport, createMcpServer } = await loadSdk();
      const transport: StreamableHTTPServerTransport = new Transport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sid) => void sessions.set(sid, created),
      });
      const created: Session = { transport, credential: credentialOf(req), viewer, seen: Date.now() };
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await createMcpServer(core, () => created.viewer).connect(transport);
      session = created;
    }
    // The rights of this request's credential, as it now is.
    session.viewer = viewer;
    session.seen = Date.now();
    reply.hijack();
    await session.transport.handleRequest(req.raw, reply.raw, req.body);
  }

  for (const method of ['GET', 'POST', 'DELETE'] as const)
    app.route({ method, url: '/mcp', schema: { hide: true }, handler: handle });

  return {
    async close() {
      await Promise.all([...sessions.values()].map((s) => s.transport.close()));
      sessions.clear();
    },
  };
}
