import { describe, expect, it } from 'vitest';
import { memoryRateLimiter } from './rate-limit.ts';

describe('memoryRateLimiter', () => {
  it('allows so many a minute per key, then says how long to wait', async () => {
    const limiter = memoryRateLimiter();
    expect(await limiter.consume('a', 2)).toEqual({ allowed: true });
    expect(await limiter.consume('a', 2)).toEqual({ allowed: true });
    const refused = await limiter.consume('a', 2);
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(await limiter.consume('b', 2)).toEqual({ allowed: true });
  });

  it('counts each of many parallel events before any of them is answered', async () => {
    const limiter = memoryRateLimiter();
    const verdicts = await Promise.all(Array.from({ length: 40 }, () => limiter.consume('parallel', 5)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
  });

  it('gives a refunded event back', async () => {
    const limiter = memoryRateLimiter();
    await limiter.consume('r', 1);
    expect((await limiter.consume('r', 1)).allowed).toBe(false);
    await limiter.refund('r', 1);
    await limiter.refund('r', 1);
    expect((await limiter.consume('r', 1)).allowed).toBe(true);
  });
});
