// A value loaded from the database and held in memory on every replica, for lookups on the
// ingestion path (hundreds a second). A change anywhere clears every replica's copy through
// pub/sub; the age limit is a safety net should such a message be lost.
import type { PubSub, Topics } from './pubsub.ts';

export type InvalidatedCache<T> = {
  get(): Promise<T>;
  /** Call after changing what `load` reads: clears the copy here and on every replica. */
  changed(): void;
  close(): void;
};

type ChangeTopic = { [K in keyof Topics]: Topics[K][0] extends Record<string, never> ? K : never }[keyof Topics];

export function createInvalidatedCache<T>(
  pubsub: PubSub,
  topic: ChangeTopic,
  load: () => Promise<T>,
  maxAgeMs = 10_000,
): InvalidatedCache<T> {
  let cached: { value: T; at: number } | undefined;
  let loading: Promise<T> | undefined;
  // A load that started before a change must not be kept after it.
  let generation = 0;
  const clear = () => {
    generation++;
    cached = undefined;
    loading = undefined;
  };

  const changes = pubsub.subscribe(topic);
  void (async () => {
    for await (const _ of changes) clear();
  })();

  async function fresh(): Promise<T> {
    const started = generation;
    const value = await load();
    if (started === generation) cached = { value, at: Date.now() };
    return value;
  }

  return {
    async get() {
      if (cached && Date.now() - cached.at < maxAgeMs) return cached.value;
      loading ??= fresh().finally(() => (loading = undefined));
      return loading;
    },
    changed() {
      clear();
      pubsub.publish(topic, {});
    },
    close() {
      void changes.return?.();
    },
  };
}
