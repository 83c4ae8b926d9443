// Projects that accept reports only with one of their keys (per project, off by default:
// the contract's clients send none). The key comes in `X-Log-Center-Key`; Sentry SDKs send
// the same project keys their own way. Held in memory, since every report asks.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { createInvalidatedCache } from '../pubsub/invalidated-cache.ts';

export const INGEST_KEY_HEADER = 'x-log-center-key';

export type KeyCheck = 'open' | 'accepted' | 'missing' | 'invalid';

export type IngestKeys = {
  check(projectId: string, key: string | undefined): Promise<KeyCheck>;
  /** Call after changing a project's requirement or its keys. */
  changed(): void;
  close(): void;
};

export function createIngestKeys(prisma: PrismaClient, pubsub: PubSub): IngestKeys {
  // Only the projects that require a key, each with its enabled keys; usually few.
  const cache = createInvalidatedCache(pubsub, 'projects:ingest-keys-changed', async () => {
    const projects = await prisma.project.findMany({
      where: { ingestKeyRequired: true },
      select: { id: true, keys: { where: { enabled: true }, select: { publicKey: true } } },
    });
    return new Map(projects.map((p) => [p.id, new Set(p.keys.map((k) => k.publicKey))]));
  });
  return {
    async check(projectId, key) {
      const keys = (await cache.get()).get(projectId);
      if (!keys) return 'open';
      if (!key) return 'missing';
      return keys.has(key.trim()) ? 'accepted' : 'invalid';
    },
    changed: cache.changed,
    close: cache.close,
  };
}
