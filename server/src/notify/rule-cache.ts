// The enabled notification rules, held in memory: every new issue and regression asks for
// its project's rules, and under an error storm that is hundreds of lookups a second.
import type { NotificationRule, PrismaClient } from '../generated/prisma/client.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { createInvalidatedCache } from '../pubsub/invalidated-cache.ts';

export type RuleCache = {
  /** The project's enabled rules. */
  forProject(projectId: string): Promise<NotificationRule[]>;
  /** Call after creating, changing or deleting a rule. */
  changed(): void;
  close(): void;
};

export function createRuleCache(prisma: PrismaClient, pubsub: PubSub): RuleCache {
  const cache = createInvalidatedCache(pubsub, 'notify:rules-changed', async () => {
    const rules = await prisma.notificationRule.findMany({ where: { enabled: true }, orderBy: { id: 'asc' } });
    const byProject = new Map<string, NotificationRule[]>();
    for (const rule of rules) byProject.set(rule.projectId, [...(byProject.get(rule.projectId) ?? []), rule]);
    return byProject;
  });
  return {
    forProject: async (projectId) => (await cache.get()).get(projectId) ?? [],
    changed: cache.changed,
    close: cache.close,
  };
}
