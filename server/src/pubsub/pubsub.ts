// One publish/subscribe interface, two transports: in-process by default, Redis when
// REDIS_URL is set so that an event raised on one replica reaches subscribers on all.
import { createPubSub as createYogaPubSub } from 'graphql-yoga';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { SlidingBuffer } from '@repeaterjs/repeater';
import { Redis } from 'ioredis';
import type { IssueEventMessage } from '../issues/events.ts';
import type { Logger } from '../log.ts';

/** Topic name → payload. Payloads are JSON, so they cross Redis unchanged. */
export type Topics = {
  'issue:event': [IssueEventMessage];
  /** A notification rule was created, changed or deleted: cached rules are stale. */
  'notify:rules-changed': [Record<string, never>];
};

export type PubSub = {
  kind: 'memory' | 'redis';
  /** A Redis connection for commands (counters, …) when there is Redis. */
  redis?: Redis;
  publish<T extends keyof Topics>(topic: T, ...payload: Topics[T]): void;
  subscribe<T extends keyof Topics>(topic: T): AsyncIterableIterator<Topics[T][0]>;
  close(): Promise<void>;
};

// A subscriber that falls this far behind loses its oldest events rather than the server
// its memory.
const SUBSCRIBER_BUFFER = 1000;

type YogaPubSub = ReturnType<typeof createYogaPubSub<Topics>>;
const subscriber = (pubsub: YogaPubSub) => (topic: keyof Topics) =>
  pubsub.subscribe(topic) as AsyncIterableIterator<Topics[typeof topic][0]>;

export function createPubSub(redisUrl: string | undefined, logger: Logger): PubSub {
  if (!redisUrl) {
    const pubsub = createYogaPubSub<Topics>({ repeaterBuffer: new SlidingBuffer(SUBSCRIBER_BUFFER) });
    return { kind: 'memory', publish: pubsub.publish, subscribe: subscriber(pubsub), close: async () => {} };
  }
  const connect = (role: string) => {
    const client = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
    client.on('error', (err) => logger.warn({ err, event: 'redis.error', role }, 'Redis connection problem'));
    return client;
  };
  const publishClient = connect('publish');
  const subscribeClient = connect('subscribe');
  const pubsub = createYogaPubSub<Topics>({
    eventTarget: createRedisEventTarget({ publishClient, subscribeClient }),
    repeaterBuffer: new SlidingBuffer(SUBSCRIBER_BUFFER),
  });
  return {
    kind: 'redis',
    redis: publishClient,
    publish: pubsub.publish,
    subscribe: subscriber(pubsub),
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
