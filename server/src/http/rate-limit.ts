// Counts per key in one-minute windows, for every limit: project keys, client addresses,
// sign-in attempts, projects created by reports. Each count is taken atomically before the
// work it limits (rate-limiter-flexible: a Lua script in Redis, a map in memory), so that
// requests in parallel cannot all pass a check made before any of them was counted. With
// Redis the count is shared by all replicas; while Redis cannot be reached, each process
// counts alone.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type RateLimiter = {
  /** Counts one event for `key` and says whether it is within `perMinute`. */
  consume(key: string, perMinute: number): Promise<Verdict>;
  /** Takes one counted event back (a sign-in attempt that turned out to be right). */
  refund(key: string, perMinute: number): Promise<void>;
};

const WINDOW_SECONDS = 60;

/** One limiter object per limit value: the store is shared, the threshold is theirs. */
function perLimit(make: (points: number) => RateLimiterAbstract): RateLimiter {
  const limiters = new Map<number, RateLimiterAbstract>();
  const limiter = (perMinute: number) => {
    let found = limiters.get(perMinute);
    if (!found) limiters.set(perMinute, (found = make(perMinute)));
    return found;
  };
  return {
    async consume(key, perMinute) {
      try {
        await limiter(perMinute).consume(key);
        return { allowed: true };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
    },
    async refund(key, perMinute) {
      await limiter(perMinute).reward(key);
    },
  };
}

export function memoryRateLimiter(): RateLimiter {
  return perLimit((points) => new RateLimiterMemory({ keyPrefix: 'logcenter', points, duration: WINDOW_SECONDS }));
}

export function redisRateLimiter(redis: Redis): RateLimiter {
  return perLimit(
    (points) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: 'logcenter:ratelimit',
        points,
        duration: WINDOW_SECONDS,
        // Redis away (the client does not queue commands): counted in this process meanwhile.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: 'logcenter', points, duration: WINDOW_SECONDS }),
      }),
  );
}
