// One publish/subscribe interface, two transports: in-process by default, Redis when
// REDIS_URL is set so that an event raised on one replica reaches subscribers on all.
import { createPubSub as createYogaPubSub } from 'graphql-yoga';
import { SlidingBuffer } from '@repeaterjs/repeater';
import type { Redis, RedisOptions } from 'ioredis';
import type { IssueEventMessage } from '../issues/events.ts';
import type { BuildChangedMessage, BuildLogMessage } from '../builds/builds.ts';
import type { Logger } from '../log.ts';
import { createRedisEventTarget } from './redis-event-target.ts';

/** Topic name → payload. Payloads are JSON, so they cross Redis unchanged. */
export type Topics = {
  'issue:event': [IssueEventMessage];
  /** A notification rule was created, changed or deleted: cached rules are stale. */
  'notify:rules-changed': [Record<string, never>];
  /** A project's key requirement or its keys changed: cached ingestion keys are stale. */
  'projects:ingest-keys-changed': [Record<string, never>];
  /** Lines committed to, or the end of, one execution of a build (`buildId:executeCount`). */
  'build:log': [id: string, message: BuildLogMessage];
  'build:changed': [BuildChangedMessage];
};

/** What a topic's subscribers receive. */
type Payload<T extends keyof Topics> = Topics[T] extends [unknown, infer P] ? P : Topics[T][0];
/** The id that routes a topic with one (its channel is `topic:id`). */
type Routing<T extends keyof Topics> = Topics[T] extends [infer Id, unknown] ? [id: Id] : [];

export type PubSub = {
  kind: 'memory' | 'redis';
  /** A Redis connection for commands (counters, …) when there is Redis. */
  redis?: Redis;
  publish<T extends keyof Topics>(topic: T, ...payload: Topics[T]): void;
  subscribe<T extends keyof Topics>(topic: T, ...id: Routing<T>): AsyncIterableIterator<Payload<T>>;
  close(): Promise<void>;
};

// A subscriber that falls this far behind loses its oldest events rather than the server
// its memory.
const SUBSCRIBER_BUFFER = 1000;

type YogaPubSub = ReturnType<typeof createYogaPubSub<Topics>>;
const subscriber =
  (pubsub: YogaPubSub): PubSub['subscribe'] =>
  (topic, ...id) =>
    (pubsub.subscribe as unknown as (topic: string, id?: unknown) => AsyncIterableIterator<never>)(topic, ...id);

export async function createPubSub(redisUrl: string | undefined, logger: Logger): Promise<PubSub> {
  if (!redisUrl) {
    const pubsub = createYogaPubSub<Topics>({ repeaterBuffer: new SlidingBuffer(SUBSCRIBER_BUFFER) });
    return { kind: 'memory', publish: pubsub.publish, subscribe: subscriber(pubsub), close: async () => {} };
  }
  // Only loaded with Redis: the default installation has none.
  const { Redis } = await import('ioredis');
  const connect = (role: string, options: RedisOptions) => {
    const client = new Redis(redisUrl, { maxRetriesPerRequest: null, ...options });
    client.on('error', (err) => logger.warn({ err, event: 'redis.error', role }, 'Redis connection problem'));
    return client;
  };
  // Commands fail at once while Redis is away, rather than queue up in memory and hold
  // callers (events for other replicas are dropped then, rate limits counted locally).
  const publishClient = connect('publish', { enableOfflineQueue: false });
  const subscribeClient = connect('subscribe', {});
  const pubsub = createYogaPubSub<Topics>({
    eventTarget: createRedisEventTarget({ publishClient, subscribeClient, logger }),
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
