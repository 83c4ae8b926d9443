// The error shape of every REST response, on both ports: domain and HTTP errors answer
// {error, message, details?} with their status; a database outage 503 with Retry-After;
// anything unexpected 500, logged, with nothing of its cause.
import type { FastifyError, FastifyInstance } from 'fastify';
import { toHttpError } from './errors.ts';
import { isUnavailable } from '../db/errors.ts';

export const BODY_LIMIT = 1024 * 1024;
/** What a client is told to wait before sending again while the database is away. */
const RETRY_AFTER_SECONDS = 5;

function errorCode(err: FastifyError): string {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'payload_too_large';
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'unsupported_media_type';
  return 'bad_request';
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler<FastifyError>((err, req, reply) => {
    const known = toHttpError(err);
    if (known) return reply.code(known.statusCode).send(known.body());
    // A client's own broken connection (ECONNRESET, with a 4xx status) is not the database's.
    if ((err.statusCode === undefined || err.statusCode >= 500) && isUnavailable(err)) {
      req.log.warn({ err, event: 'request.db_unavailable', url: req.url }, 'database unavailable');
      return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({
        error: 'unavailable',
        message: 'the database is unavailable; nothing was stored, send it again later',
      });
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      const limit = req.routeOptions.bodyLimit ?? BODY_LIMIT;
      const message =
        err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? `request body exceeds ${limit} bytes (${limit / 1024 / 1024} MiB)`
          : err.message;
      return reply.code(status).send({ error: errorCode(err), message });
    }
    req.log.error({ err, event: 'request.failed', url: req.url }, 'request failed');
    return reply.code(500).send({ error: 'internal_error', message: 'internal server error; see the server log' });
  });
  app.addHook('onResponse', async (req, reply) => {
    const status = reply.statusCode;
    if (status >= 400 && status < 500) {
      req.log.info({ event: 'request.rejected', method: req.method, url: req.url, status }, 'request rejected');
    }
  });
}
