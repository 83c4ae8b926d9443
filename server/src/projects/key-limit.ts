// A project key's events-a-minute limit, the same whether the key comes from a Sentry SDK or
// in X-Log-Center-Key. Over the limit: 429 with Retry-After, and Sentry's own header, which
// its SDKs read to back off.
import type { FastifyReply } from 'fastify';
import { HttpError } from '../http/errors.ts';
import type { RateLimiter } from '../http/rate-limit.ts';

export type LimitedKey = { publicKey: string; rateLimitPerMinute: number | null };

export async function enforceKeyLimit(limiter: RateLimiter, reply: FastifyReply, key: LimitedKey) {
  if (!key.rateLimitPerMinute) return;
  const verdict = await limiter.consume(`key:${key.publicKey}`, key.rateLimitPerMinute);
  if (verdict.allowed) return;
  void reply.header('retry-after', String(verdict.retryAfterSeconds));
  void reply.header('x-sentry-rate-limits', `${verdict.retryAfterSeconds}::key`);
  throw new HttpError(429, 'rate_limited', `more than ${key.rateLimitPerMinute} events a minute with this key`);
}
