import { describe, expect, it } from 'vitest';
import { memoryRateLimiter } from './rate-limit.ts';

describe('memoryRateLimiter', () => {
  it('allows so many per minute per key, then says how long to wait', async () => {
    let now = Date.parse('2026-03-01T10:00:45Z');
    const limiter = memoryRateLimiter(() => now);
    expect(await limiter.hit('a', 2)).toEqual({ allowed: true });
    expect(await limiter.hit('a', 2)).toEqual({ allowed: true });
    expect(await limiter.hit('a', 2)).toEqual({ allowed: false, retryAfterSeconds: 15 });
    expect(await limiter.hit('b', 2)).toEqual({ allowed: true });
    now = Date.parse('2026-03-01T10:01:00Z');
    expect(await limiter.hit('a', 2)).toEqual({ allowed: true });
  });
});
