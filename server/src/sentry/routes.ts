// Sentry's ingestion endpoints, so that teams on sentry-sdk switch by changing only the DSN:
// POST /api/{dsn_id}/envelope/ and /api/{dsn_id}/store/. Events become reports of the
// contract (same pipeline, same fingerprints); other item types are accepted and skipped.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Core } from '../core.ts';
import { HttpError } from '../http/errors.ts';
import { errorResponse, jsonResponse, type TypedApp } from '../http/route-schemas.ts';
import { secureParse } from '../http/json-body.ts';
import type { Accepted } from '../ingest/pipeline.ts';
import { reportSchema } from '../ingest/report-schema.ts';
import { ValidationError } from '../errors.ts';
import { validate } from '../validation.ts';
import { keyFromAuthHeader, keyFromDsn } from './auth.ts';
import { decodeBody, MAX_COMPRESSED, MAX_EVENT } from './body.ts';
import { EnvelopeError, parseEnvelope } from './envelope.ts';
import { eventToReport, type LowLevel, type SentryEvent } from './event.ts';
import { sourceMapped, withMinified } from './source-mapped.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import { enforceKeyLimit } from '../projects/key-limit.ts';
import type { CachedKey } from '../projects/ingest-keys.ts';

const params = z.object({
  dsnId: z.string().meta({ description: 'The DSN’s project number (http://KEY@HOST/DSN_ID)' }),
});
const querystring = z.object({
  sentry_key: z.string().optional().meta({ description: 'The DSN’s public key, when not in `X-Sentry-Auth`' }),
});
type Params = { Params: z.infer<typeof params>; Querystring: z.infer<typeof querystring> };

const sentrySchema = (summary: string, description: string) => ({
  tags: ['Sentry'],
  summary,
  description,
  params,
  querystring,
  response: {
    200: jsonResponse(
      'Stored (events of other item types are accepted and dropped)',
      z.object({ id: z.string().meta({ description: 'The event id the SDK sent' }) }),
    ),
    400: errorResponse('Not an envelope or event, or an event that cannot be stored (`details` names the fields)'),
    403: errorResponse('No key, a key unknown for this DSN, or a disabled key'),
    413: errorResponse('Over the size limits (compressed body, or one event over 1 MiB)'),
    429: errorResponse('Over the key’s events-a-minute limit or the per-address limit (see `Retry-After`)'),
    503: errorResponse('The database is unavailable; nothing was stored (see `Retry-After`)'),
  },
});
const envelopeSchema = sentrySchema(
  'Sentry SDKs: an envelope',
  'The body is a Sentry envelope (optionally gzip, deflate or br); its key is in `X-Sentry-Auth`, `?sentry_key=` or the envelope header’s `dsn`.',
);
const storeSchema = sentrySchema(
  'Sentry SDKs: one event (the older store endpoint)',
  'The body is one Sentry event as JSON; its key is in `X-Sentry-Auth` or `?sentry_key=`.',
);
type Options = { lowLevel: LowLevel; rateLimiter: RateLimiter };

const forbidden = (why: string) => new HttpError(403, 'forbidden', why);

async function authorize(core: Core, dsnIdParam: string, publicKey: string | null): Promise<CachedKey> {
  if (!publicKey)
    throw forbidden('missing Sentry key: send X-Sentry-Auth, ?sentry_key= or a dsn in the envelope header');
  const dsnId = Number(dsnIdParam);
  const key = await core.ingestKeys.find(publicKey);
  if (!key || !Number.isInteger(dsnId) || key.dsnId !== dsnId) throw forbidden('unknown Sentry key for this project');
  if (!key.enabled) throw forbidden('this Sentry key is disabled');
  return key;
}

/** The key that SDKs send beside the body (X-Sentry-Auth, ?sentry_key=); browsers' tunnels put it only in the envelope. */
const keyBesideBody = (req: FastifyRequest<Params>) =>
  keyFromAuthHeader(req.headers['x-sentry-auth'] as string | undefined) ?? req.query.sentry_key ?? null;

function parseEvent(payload: Buffer, where: string): SentryEvent {
  if (payload.length > MAX_EVENT)
    throw new HttpError(413, 'payload_too_large', `${where} exceeds ${MAX_EVENT} bytes (1 MiB)`);
  try {
    const event = secureParse(payload.toString('utf8')) as SentryEvent | null;
    if (event && typeof event === 'object' && !Array.isArray(event)) return event;
  } catch {
    // reported below
  }
  throw new HttpError(400, 'invalid_event', `${where} is not a JSON object`);
}

async function toAccepted(
  core: Core,
  event: SentryEvent,
  projectId: string,
  req: FastifyRequest,
  options: Options,
): Promise<Accepted | null> {
  const minified = eventToReport(event, projectId, options.lowLevel);
  if (!minified) return null;
  const mapped = await sourceMapped(event, core.sourceMaps);
  const input = mapped ? withMinified(eventToReport(mapped, projectId, options.lowLevel)!, minified) : minified;
  try {
    return {
      report: validate(reportSchema, input),
      receivedAt: new Date(),
      remoteAddr: req.ip,
      userAgent: req.headers['user-agent'],
    };
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new HttpError(400, 'invalid_event', `event cannot be stored: ${err.message}`, err.fieldErrors);
  }
}

export function registerSentryRoutes(app: TypedApp, core: Core, options: Options) {
  async function store(events: Accepted[], fallbackId: string | undefined) {
    await core.ingest(events);
    return { id: fallbackId ?? '' };
  }

  // Raw bodies here (envelopes, compressed events), within this plugin only. A key sent beside
  // the body is checked before the body is read: a stranger's 20 MiB costs nothing. Bodies
  // over their limit are answered 413 as soon as they pass it.
  void app.register(async (sentry) => {
    sentry.removeAllContentTypeParsers();
    sentry.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const authorized = new WeakMap<FastifyRequest, CachedKey>();
    /** The key, checked, with its events-a-minute limit counted. */
    const admitKey = async (req: FastifyRequest<Params>, reply: FastifyReply, publicKey: string | null) => {
      const key = await authorize(core, req.params.dsnId, publicKey);
      await enforceKeyLimit(options.rateLimiter, reply, key);
      return key;
    };
    const checkKeyFirst = async (req: FastifyRequest<Params>, reply: FastifyReply) => {
      const publicKey = keyBesideBody(req);
      if (publicKey) authorized.set(req, await admitKey(req, reply, publicKey));
    };

    sentry.post<Params>(
      '/api/:dsnId/envelope',
      {
        schema: envelopeSchema,
        bodyLimit: MAX_COMPRESSED,
        preParsing: [async (req, reply) => checkKeyFirst(req, reply)],
      },
      async (req, reply) => {
        const body = decodeBody(
          (req.body as Buffer | undefined) ?? Buffer.alloc(0),
          req.headers['content-encoding'],
          MAX_COMPRESSED,
        );
        let envelope;
        try {
          envelope = parseEnvelope(body);
        } catch (err) {
          if (err instanceof EnvelopeError) throw new HttpError(400, 'invalid_envelope', err.message);
          throw err;
        }
        const key = authorized.get(req) ?? (await admitKey(req, reply, keyFromDsn(envelope.headers.dsn)));
        // One after another: the first event that cannot be stored refuses the envelope, and no other is left running.
        const events: Accepted[] = [];
        const items = envelope.items.filter((item) => item.headers.type === 'event');
        for (const [i, item] of items.entries()) {
          const accepted = await toAccepted(
            core,
            parseEvent(item.payload, `event item ${i + 1}`),
            key.projectId,
            req,
            options,
          );
          if (accepted) events.push(accepted);
        }
        return store(events, envelope.headers.event_id);
      },
    );

    // The store endpoint has no envelope header: its key always comes beside the body.
    sentry.post<Params>(
      '/api/:dsnId/store',
      {
        schema: storeSchema,
        bodyLimit: MAX_EVENT,
        preParsing: [
          async (req, reply) => {
            if (!keyBesideBody(req)) throw forbidden('missing Sentry key: send X-Sentry-Auth or ?sentry_key=');
            await checkKeyFirst(req, reply);
          },
        ],
      },
      async (req) => {
        const key = authorized.get(req)!;
        const body = decodeBody(
          (req.body as Buffer | undefined) ?? Buffer.alloc(0),
          req.headers['content-encoding'],
          MAX_EVENT,
        );
        const event = parseEvent(body, 'event');
        const accepted = await toAccepted(core, event, key.projectId, req, options);
        return store(accepted ? [accepted] : [], event.event_id);
      },
    );
  });
}
