// Counts per key in fixed one-minute windows, for every limit: project keys, client addresses,
// failed sign-ins. With Redis the count is shared by all replicas; without it each process
// counts alone.
import type { Redis } from 'ioredis';

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type RateLimiter = {
  /** Counts one more event for `key` and says whether it is within the limit. */
  hit(key: string, perMinute: number): Promise<Verdict>;
  /** Whether one more event would be within the limit, counting nothing. */
  peek(key: string, perMinute: number): Promise<Verdict>;
};

function window(now: number) {
  const minute = Math.floor(now / 60_000);
  return { minute, retryAfterSeconds: Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000)) };
}

export function memoryRateLimiter(now = () => Date.now()): RateLimiter {
  // Only the current minute's counts: keys from past minutes (one per address that ever tried
  // to sign in, say) would otherwise pile up for the life of the process.
  let counts = new Map<string, number>();
  let current = -1;
  const at = (minute: number) => {
    if (minute !== current) [counts, current] = [new Map(), minute];
    return counts;
  };
  return {
    async hit(key, perMinute) {
      const { minute, retryAfterSeconds } = window(now());
      const counted = at(minute);
      const count = (counted.get(key) ?? 0) + 1;
      counted.set(key, count);
      return count <= perMinute ? { allowed: true } : { allowed: false, retryAfterSeconds };
    },
    async peek(key, perMinute) {
      const { minute, retryAfterSeconds } = window(now());
      const count = at(minute).get(key) ?? 0;
      return count < perMinute ? { allowed: true } : { allowed: false, retryAfterSeconds };
    },
  };
}

/** Counts in Redis; while Redis cannot be reached, each process counts alone. */
export function redisRateLimiter(redis: Redis, now = () => Date.now()): RateLimiter {
  const fallback = memoryRateLimiter(now);
  return {
    async hit(key, perMinute) {
      const { minute, retryAfterSeconds } = window(now());
      const name = `logcenter:ratelimit:${key}:${minute}`;
      let count: number;
      try {
        [[, count]] = (await redis.multi().incr(name).expire(name, 120).exec()) as [[Error | null, number]];
      } catch {
        return fallback.hit(key, perMinute);
      }
      return count <= perMinute ? { allowed: true } : { allowed: false, retryAfterSeconds };
    },
    async peek(key, perMinute) {
      const { minute, retryAfterSeconds } = window(now());
      let count: number;
      try {
        count = Number((await redis.get(`logcenter:ratelimit:${key}:${minute}`)) ?? 0);
      } catch {
        return fallback.peek(key, perMinute);
      }
      return count < perMinute ? { allowed: true } : { allowed: false, retryAfterSeconds };
    },
  };
}
