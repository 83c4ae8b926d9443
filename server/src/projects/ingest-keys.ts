// Project keys, held in memory on every replica, since every report asks: Sentry SDKs send a
// key with each event (the DSN's public key), and projects may require one of their keys in
// `X-Log-Center-Key` for REST reports (per project, off by default: the contract's clients
// send none). One cache for both ways in, cleared everywhere when a key or project changes.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { createInvalidatedCache } from '../pubsub/invalidated-cache.ts';
import type { LimitedKey } from './key-limit.ts';
import { HttpError } from '../http/errors.ts';

export const INGEST_KEY_HEADER = 'x-log-center-key';

export type CachedKey = LimitedKey & { projectId: string; dsnId: number; enabled: boolean };

export type KeyCheck = { kind: 'open' | 'missing' | 'invalid' } | { kind: 'accepted'; key: LimitedKey };

/**
 * A check's verdict as the HTTP answer: 401 when the project requires a key and none came,
 * 403 for one that is not an enabled key of it. `takes` says what it takes only with a key
 * ("accepts reports", "is registered"); `otherwise`, another way in.
 */
export function refuseUnlessKeyed(check: KeyCheck, projectId: string, takes: string, otherwise = ''): void {
  if (check.kind === 'missing')
    throw new HttpError(
      401,
      'key_required',
      `project "${projectId}" ${takes} only with one of its keys in the X-Log-Center-Key header${otherwise}`,
    );
  if (check.kind === 'invalid')
    throw new HttpError(
      403,
      'invalid_key',
      `the X-Log-Center-Key sent is not an enabled key of project "${projectId}"`,
    );
}

export type IngestKeys = {
  /** For a REST report: whether its project needs a key, and whether `key` is one. */
  check(projectId: string, key: string | undefined): Promise<KeyCheck>;
  /** A key by its public part (Sentry), enabled or not; undefined when there is none. */
  find(publicKey: string): Promise<CachedKey | undefined>;
  /** Call after changing a project's requirement, its keys, or creating a project. */
  changed(): void;
  close(): void;
};

export function createIngestKeys(prisma: PrismaClient, pubsub: PubSub): IngestKeys {
  const cache = createInvalidatedCache(pubsub, 'projects:ingest-keys-changed', async () => {
    const projects = await prisma.project.findMany({
      select: {
        id: true,
        dsnId: true,
        ingestKeyRequired: true,
        keys: { select: { publicKey: true, enabled: true, rateLimitPerMinute: true } },
      },
    });
    const byPublicKey = new Map<string, CachedKey>();
    // Only the projects that require a key, each with its enabled keys (none: nothing passes).
    const required = new Map<string, Map<string, CachedKey>>();
    for (const project of projects) {
      const keys = project.keys.map((k): CachedKey => ({ ...k, projectId: project.id, dsnId: project.dsnId }));
      for (const key of keys) byPublicKey.set(key.publicKey, key);
      if (project.ingestKeyRequired)
        required.set(project.id, new Map(keys.filter((k) => k.enabled).map((k) => [k.publicKey, k])));
    }
    return { byPublicKey, required };
  });
  return {
    async check(projectId, sent) {
      const keys = (await cache.get()).required.get(projectId);
      if (!keys) return { kind: 'open' };
      if (!sent) return { kind: 'missing' };
      const key = keys.get(sent.trim());
      return key ? { kind: 'accepted', key } : { kind: 'invalid' };
    },
    find: async (publicKey) => (await cache.get()).byPublicKey.get(publicKey),
    changed: cache.changed,
    close: cache.close,
  };
}
