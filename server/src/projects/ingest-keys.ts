// Projects that accept reports only with one of their keys (per project, off by default:
// the contract's clients send none). The key comes in `X-Log-Center-Key`; Sentry SDKs send
// the same project keys their own way. Held in memory, since every report asks.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { createInvalidatedCache } from '../pubsub/invalidated-cache.ts';
import type { LimitedKey } from './key-limit.ts';

export const INGEST_KEY_HEADER = 'x-log-center-key';

export type KeyCheck = { kind: 'open' | 'missing' | 'invalid' } | { kind: 'accepted'; key: LimitedKey };

export type IngestKeys = {
  check(projectId: string, key: string | undefined): Promise<KeyCheck>;
  /** Call after changing a project's requirement or its keys. */
  changed(): void;
  close(): void;
};

export function createIngestKeys(prisma: PrismaClient, pubsub: PubSub): IngestKeys {
  // Only the projects that require a key, each with its enabled keys and their limits; usually few.
  const cache = createInvalidatedCache(pubsub, 'projects:ingest-keys-changed', async () => {
    const projects = await prisma.project.findMany({
      where: { ingestKeyRequired: true },
      select: { id: true, keys: { where: { enabled: true }, select: { publicKey: true, rateLimitPerMinute: true } } },
    });
    return new Map(projects.map((p) => [p.id, new Map(p.keys.map((k) => [k.publicKey, k]))]));
  });
  return {
    async check(projectId, sent) {
      const keys = (await cache.get()).get(projectId);
      if (!keys) return { kind: 'open' };
      if (!sent) return { kind: 'missing' };
      const key = keys.get(sent.trim());
      return key ? { kind: 'accepted', key } : { kind: 'invalid' };
    },
    changed: cache.changed,
    close: cache.close,
  };
}
