// Per-request context, the same for HTTP and WebSocket operations.
import DataLoader from 'dataloader';
import type { Core } from '../core.ts';
import type { IssueStatus } from '../generated/prisma/enums.ts';
import type { Project } from '../generated/prisma/client.ts';
import type { Viewer } from '../auth/accounts.ts';
import type { Actor } from '../issues/transitions.ts';
import type { ReleaseSummary } from '../releases/releases.ts';

export type Context = {
  core: Core;
  /** Who is asking; null for anonymous callers, who may do nothing but introspect. */
  viewer: Viewer | null;
  /**
   * Who is acting, for the status history: named by the X-Log-Center-Actor header or the
   * `actor` connection parameter (else the user's email), and always the user behind it.
   */
  actor: Actor;
  loaders: ReturnType<typeof createLoaders>;
  /** The API's URL as this client reaches it, for DSNs. */
  apiUrl: string;
};

export const ACTOR_HEADER = 'x-log-center-actor';
const DEFAULT_ACTOR = 'api';

export function actorFrom(value: unknown): string {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : DEFAULT_ACTOR;
}

export type StatusCounts = Map<IssueStatus, number>;

function createLoaders(core: Core) {
  return {
    project: new DataLoader<string, Project | null>(async (ids) => {
      const projects = await core.prisma.project.findMany({ where: { id: { in: [...ids] } } });
      return ids.map((id) => projects.find((p) => p.id === id) ?? null);
    }),
    /** Users' emails, for the people behind status changes. */
    userEmail: new DataLoader<number, string | null>(async (ids) => {
      const users = await core.prisma.user.findMany({
        where: { id: { in: [...ids] } },
        select: { id: true, email: true },
      });
      return ids.map((id) => users.find((u) => u.id === id)?.email ?? null);
    }),
    /** Releases by version, with their summaries (issues' first and last releases). */
    release: new DataLoader<string, ReleaseSummary | null>(async (versions) => {
      const found = await core.prisma.release.findMany({ where: { version: { in: [...versions] } } });
      const summaries = await core.releases.summaries(found);
      return versions.map((v) => summaries.find((r) => r.version === v) ?? null);
    }),
    /** Issue counts by status for many projects in one query. */
    issueCounts: new DataLoader<string, StatusCounts>(async (projectIds) => {
      const rows = await core.prisma.issue.groupBy({
        by: ['projectId', 'status'],
        where: { projectId: { in: [...projectIds] } },
        _count: { _all: true },
      });
      const byProject = new Map(projectIds.map((id) => [id, new Map() as StatusCounts]));
      for (const row of rows) byProject.get(row.projectId)!.set(row.status, row._count._all);
      return projectIds.map((id) => byProject.get(id)!);
    }),
  };
}

export function createContext(core: Core, actor: unknown, apiUrl: string, viewer: Viewer | null = null): Context {
  // The status history names the X-Log-Center-Actor label when one is sent, else the viewer.
  return {
    core,
    viewer,
    actor: { name: actorFrom(actor ?? viewer?.user.email), userId: viewer?.user.id ?? null },
    loaders: createLoaders(core),
    apiUrl,
  };
}
