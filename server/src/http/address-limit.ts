// Optional caps on requests per client address to the open writers, for an API that faces the
// internet: without them anyone who reaches the port can fill the database. Each cap counts
// the requests of its endpoints together, before the body is read. Behind a proxy, TRUST_PROXY
// makes the address the client's rather than the proxy's.
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.ts';
import type { RateLimiter } from './rate-limit.ts';

export type AddressLimit = {
  /** Requests a minute one address may make to these endpoints together; 0 for no cap. */
  perMinute: number;
  /** Names the count (one per cap), so that caps do not share it. */
  bucket: string;
  /** What the requests are, for the refusal: "reports". */
  what: string;
  applies: (method: string, url: string) => boolean;
  /** Also answer with Sentry's rate-limit header, which Sentry SDKs obey. */
  sentry?: boolean;
};

export function registerAddressLimit(app: FastifyInstance, limiter: RateLimiter, limit: AddressLimit) {
  const { perMinute, bucket, what, applies, sentry = false } = limit;
  if (perMinute <= 0) return;
  app.addHook('onRequest', async (req, reply) => {
    if (!applies(req.method, req.url)) return;
    const verdict = await limiter.consume(`${bucket}:ip:${req.ip}`, perMinute);
    if (verdict.allowed) return;
    void reply.header('retry-after', String(verdict.retryAfterSeconds));
    if (sentry) void reply.header('x-sentry-rate-limits', `${verdict.retryAfterSeconds}::organization`);
    throw new HttpError(429, 'rate_limited', `more than ${perMinute} ${what} a minute from this address`);
  });
}
