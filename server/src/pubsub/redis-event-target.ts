// The event target behind the Redis pub/sub. Unlike graphql-yoga's own, it hands every event
// to this process's subscribers at once, and through Redis only to the other replicas (each
// message says which process sent it). So when Redis is down, ingestion, queries and the
// subscriptions of each replica go on, and only cross-replica events pause; ioredis
// reconnects and subscribes again by itself, and they resume.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.ts';

type Callback = (event: CustomEvent<unknown>) => void;
type Listener = Callback | { handleEvent: Callback };
type Envelope = { origin: string; detail: unknown };

/** At most one warning this often about events that could not go through Redis. */
const WARN_EVERY_MS = 10_000;

export function createRedisEventTarget({
  publishClient,
  subscribeClient,
  logger,
}: {
  publishClient: Redis;
  subscribeClient: Redis;
  logger: Logger;
}) {
  const origin = randomUUID();
  // Every envelope is written origin first, so this process's own echoes are known by their
  // start and dropped unparsed (an issue event can carry a message of several KiB).
  const ownEcho = JSON.stringify({ origin }).slice(0, -1);
  const callbacksForTopic = new Map<string, Set<Callback>>();
  let lastWarning = 0;
  let dropped = 0;

  function deliver(topic: string, detail: unknown) {
    const callbacks = callbacksForTopic.get(topic);
    if (!callbacks) return;
    const event = new CustomEvent(topic, { detail });
    for (const callback of callbacks) callback(event);
  }

  subscribeClient.on('message', (channel: string, message: string) => {
    if (message.startsWith(ownEcho)) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message) as Envelope;
    } catch {
      logger.warn({ event: 'pubsub.bad_message', channel }, 'ignored a message on Redis that is not JSON');
      return;
    }
    deliver(channel, envelope.detail);
  });

  function publishFailed(err: unknown) {
    dropped++;
    const now = Date.now();
    if (now - lastWarning < WARN_EVERY_MS) return;
    lastWarning = now;
    logger.warn(
      { err, event: 'pubsub.publish_failed', dropped },
      'events could not reach the other replicas through Redis',
    );
    dropped = 0;
  }

  const callbackOf = (listener: Listener) => ('handleEvent' in listener ? listener.handleEvent : listener);

  return {
    addEventListener(topic: string, listener: Listener | null) {
      if (!listener) return;
      let callbacks = callbacksForTopic.get(topic);
      if (!callbacks) {
        callbacks = new Set();
        callbacksForTopic.set(topic, callbacks);
        // Queued while Redis is away; ioredis subscribes again after every reconnect.
        subscribeClient
          .subscribe(topic)
          .catch((err: unknown) =>
            logger.warn({ err, event: 'pubsub.subscribe_failed', topic }, 'subscribing on Redis failed'),
          );
      }
      callbacks.add(callbackOf(listener));
    },
    removeEventListener(topic: string, listener: Listener | null) {
      const callbacks = callbacksForTopic.get(topic);
      if (!listener || !callbacks) return;
      callbacks.delete(callbackOf(listener));
      if (callbacks.size > 0) return;
      callbacksForTopic.delete(topic);
      subscribeClient.unsubscribe(topic).catch(() => undefined);
    },
    dispatchEvent(event: CustomEvent<unknown>) {
      deliver(event.type, event.detail);
      const envelope: Envelope = { origin, detail: event.detail };
      publishClient.publish(event.type, JSON.stringify(envelope)).catch(publishFailed);
      return true;
    },
  };
}
