// An optional cap on reports per client address, for an API that faces the internet with open
// ingestion: without it anyone who reaches the port can fill the database. Counted per request
// on every report endpoint together, before the body is read. Behind a proxy, TRUST_PROXY
// makes the address the client's rather than the proxy's.
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/errors.ts';
import { isReportEndpoint } from './endpoints.ts';
import type { RateLimiter } from '../http/rate-limit.ts';

export function registerAddressLimit(app: FastifyInstance, limiter: RateLimiter, perMinute: number) {
  if (perMinute <= 0) return;
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'POST' || !isReportEndpoint(req.url)) return;
    const verdict = await limiter.consume(`ingest:ip:${req.ip}`, perMinute);
    if (verdict.allowed) return;
    void reply.header('retry-after', String(verdict.retryAfterSeconds));
    void reply.header('x-sentry-rate-limits', `${verdict.retryAfterSeconds}::organization`);
    throw new HttpError(429, 'rate_limited', `more than ${perMinute} reports a minute from this address`);
  });
}
