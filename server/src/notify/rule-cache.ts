// The enabled notification rules, held in memory: every new issue and regression asks for
// its project's rules, and under an error storm that is hundreds of lookups a second.
// A rule change anywhere clears every replica's copy (through pub/sub); the time limit is
// a safety net should such a message be lost.
import type { NotificationRule, PrismaClient } from '../generated/prisma/client.ts';
import type { PubSub } from '../pubsub/pubsub.ts';

export type RuleCache = {
  /** The project's enabled rules. */
  forProject(projectId: string): Promise<NotificationRule[]>;
  /** Call after creating, changing or deleting a rule. */
  changed(): void;
  close(): void;
};

const MAX_AGE_MS = 10_000;

export function createRuleCache(prisma: PrismaClient, pubsub: PubSub): RuleCache {
  let cached: { byProject: Map<string, NotificationRule[]>; at: number } | undefined;
  let loading: Promise<Map<string, NotificationRule[]>> | undefined;
  // A load that started before a change must not be kept after it.
  let generation = 0;
  const clear = () => {
    generation++;
    cached = undefined;
    loading = undefined;
  };

  const changes = pubsub.subscribe('notify:rules-changed');
  void (async () => {
    for await (const _ of changes) clear();
  })();

  async function load(): Promise<Map<string, NotificationRule[]>> {
    const started = generation;
    const rules = await prisma.notificationRule.findMany({ where: { enabled: true }, orderBy: { id: 'asc' } });
    const byProject = new Map<string, NotificationRule[]>();
    for (const rule of rules) byProject.set(rule.projectId, [...(byProject.get(rule.projectId) ?? []), rule]);
    if (started === generation) cached = { byProject, at: Date.now() };
    return byProject;
  }

  return {
    async forProject(projectId) {
      if (cached && Date.now() - cached.at < MAX_AGE_MS) return cached.byProject.get(projectId) ?? [];
      loading ??= load().finally(() => (loading = undefined));
      return (await loading).get(projectId) ?? [];
    },
    changed() {
      clear();
      pubsub.publish('notify:rules-changed', {});
    },
    close() {
      void changes.return?.();
    },
  };
}
