// The release service under every edge (sentry-cli's API, GraphQL, `logcenter release`):
// releases and the projects that ship them, their commits, and their deploys.
import type { Deploy, Release, ReleaseCommit } from '../generated/prisma/client.ts';
import { IssueStatus } from '../generated/prisma/enums.ts';
import { changeStatus, type StatusDeps, type Transitioned } from '../issues/transitions.ts';
import { IllegalTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { compareReleases } from './versions.ts';
import { repositoryOf } from './repositories.ts';
import type { CommitInput, DeployInput, NewRelease, RefInput, ReleaseUpdate } from './schemas.ts';

/** A release with what its pages and sentry-cli show of it. */
export type ReleaseSummary = Release & {
  projects: { id: string; name: string }[];
  /** Issues first seen in it. */
  newIssues: number;
  /** Occurrences reported with its version. */
  events: number;
  firstEvent: Date | null;
  lastEvent: Date | null;
  commitCount: number;
  lastCommit: ReleaseCommit | null;
  /** Newest first. */
  deploys: Deploy[];
  deployCount: number;
  lastDeploy: Deploy | null;
};

const date = (iso: string | null | undefined) => (iso == null ? iso : new Date(iso));

/** Who the status history says moved an issue when a deploy did. */
const DEPLOY_ACTOR = { name: 'deploy' };

export function createReleases(deps: StatusDeps) {
  const { prisma } = deps;
  /** Project ids for sentry-cli's project references: ids, or the numbers in their DSNs. */
  async function projectIds(refs: (string | number)[], field: string): Promise<string[]> {
    if (refs.length === 0) return [];
    const texts = refs.map(String);
    const numbers = refs.filter((r): r is number => typeof r === 'number');
    const found = await prisma.project.findMany({
      where: { OR: [{ id: { in: texts } }, { dsnId: { in: numbers } }] },
      select: { id: true, dsnId: true },
    });
    const errors: { path: string; reason: string }[] = [];
    const ids = refs.map((r, i) => {
      const project = found.find((p) => p.id === String(r)) ?? found.find((p) => p.dsnId === r);
      if (!project) errors.push({ path: `${field}[${i}]`, reason: `is not a known project (${JSON.stringify(r)})` });
      return project?.id ?? '';
    });
    if (errors.length) throw new ValidationError(errors);
    return [...new Set(ids)];
  }

  async function find(version: string): Promise<Release> {
    const release = await prisma.release.findUnique({ where: { version } });
    if (!release) throw new NotFoundError('Release', version);
    return release;
  }

  async function addProjects(releaseId: number, ids: string[]) {
    if (ids.length)
      await prisma.releaseProject.createMany({
        data: ids.map((projectId) => ({ releaseId, projectId })),
        skipDuplicates: true,
      });
  }

  /**
   * The repository a commit belongs to. `set-commits --auto` names it after the git remote
   * (`origin`); a release whose projects have one repository has its commits there.
   */
  async function repositoryNamer(releaseId: number) {
    const projects = await prisma.project.findMany({
      where: { releases: { some: { releaseId } } },
      select: { repoUrl: true },
    });
    const names = [...new Set(projects.map((p) => repositoryOf(p.repoUrl)?.name).filter((n) => n !== undefined))];
    return (given: string | null | undefined) => {
      const known = names.find((n) => n.toLowerCase() === given?.toLowerCase());
      return known ?? (names.length === 1 ? names[0]! : (given ?? ''));
    };
  }

  /** The release's commits, replaced by these (newest first, as git log gives them). */
  async function setCommits(releaseId: number, commits: CommitInput[]) {
    const repository = await repositoryNamer(releaseId);
    await prisma.$transaction([
      prisma.releaseCommit.deleteMany({ where: { releaseId } }),
      prisma.releaseCommit.createMany({
        data: commits.map((c, position) => ({
          releaseId,
          position,
          sha: c.id,
          repository: repository(c.repository),
          authorName: c.author_name ?? null,
          authorEmail: c.author_email ?? null,
          message: c.message ?? null,
          committedAt: date(c.timestamp) ?? null,
          files: (c.patch_set ?? []).map((f) => ({ path: f.path, type: f.type })),
        })),
      }),
    ]);
  }

  /** Fixes a repair agent reported with a commit that this release's commits now include are fixed in it. */
  async function tieFixCommits(release: Release) {
    await prisma.$executeRaw`
      UPDATE issues i SET fixed_in_release = ${release.version}
      WHERE i.project_id IN (SELECT project_id FROM release_projects WHERE release_id = ${release.id})
        AND i.fix_commit IS NOT NULL AND length(i.fix_commit) >= 7
        AND i.fixed_in_release IS NULL AND i.fix_awaits_release_since IS NULL
        AND i.status IN ('FIXED', 'VERIFIED', 'DEPLOYED')
        AND EXISTS (SELECT 1 FROM release_commits c
                    WHERE c.release_id = ${release.id} AND left(c.sha, length(i.fix_commit)) = lower(i.fix_commit))`;
  }

  /** Heads named by `--commit REPO@[FROM..]TO`: each head becomes the release's commit in its repository. */
  async function setRefs(releaseId: number, refs: RefInput[]) {
    await prisma.release.update({
      where: { id: releaseId },
      data: { refs: refs.map((r) => ({ ...r, previousCommit: r.previousCommit ?? null })) },
    });
    await setCommits(
      releaseId,
      refs.map((r) => ({ id: r.commit, repository: r.repository })),
    );
  }

  async function deployFixes(release: Release, deploy: Deploy): Promise<Transitioned[]> {
    const targets = deploy.projects.length
      ? deploy.projects
      : (await prisma.releaseProject.findMany({ where: { releaseId: release.id } })).map((p) => p.projectId);
    const production = await prisma.project.findMany({
      where: { id: { in: targets }, productionEnvironment: deploy.environment },
      select: { id: true },
    });
    if (production.length === 0) return [];
    const verified = await prisma.issue.findMany({
      where: {
        projectId: { in: production.map((p) => p.id) },
        status: IssueStatus.VERIFIED,
        fixedInRelease: { not: null },
      },
      select: { id: true, fixedInRelease: true },
    });
    const fixReleases = await prisma.release.findMany({
      where: { version: { in: [...new Set(verified.map((i) => i.fixedInRelease!))] } },
    });
    const shipped = new Set(fixReleases.filter((r) => compareReleases(r, release) <= 0).map((r) => r.version));
    const moved: Transitioned[] = [];
    for (const issue of verified.filter((i) => shipped.has(i.fixedInRelease!))) {
      try {
        moved.push(
          await changeStatus(deps, {
            issueId: issue.id,
            to: IssueStatus.DEPLOYED,
            actor: DEPLOY_ACTOR,
            note: `Deployed to ${deploy.environment} in ${release.version}`,
            details: { deploy: { id: deploy.id, release: release.version, environment: deploy.environment } },
          }),
        );
      } catch (err) {
        // Moved on or deleted meanwhile: not this deploy's to move.
        if (!(err instanceof IllegalTransitionError || err instanceof NotFoundError)) throw err;
      }
    }
    return moved;
  }

  async function apply(release: Release, input: ReleaseUpdate, projects: string[]): Promise<Release> {
    await addProjects(release.id, projects);
    // Fixes of these projects waiting for their next release have it, if it was made after them.
    if (projects.length)
      await prisma.$queryRaw`SELECT logcenter_fix_in_new_release_v1(${release.version}, ${projects}::text[])`;
    if (input.refs) await setRefs(release.id, input.refs);
    if (input.commits) await setCommits(release.id, input.commits);
    if (input.refs || input.commits) await tieFixCommits(release);
    const data = {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.dateStarted !== undefined ? { startedAt: date(input.dateStarted) } : {}),
      ...(input.dateReleased !== undefined ? { releasedAt: date(input.dateReleased) } : {}),
    };
    return Object.keys(data).length ? prisma.release.update({ where: { id: release.id }, data }) : release;
  }

  return {
    find,
    projectIds,

    /** `releases new`: made, or the existing one given these projects and fields too. */
    async create(input: NewRelease): Promise<{ release: Release; created: boolean }> {
      const projects = await projectIds(input.projects ?? [], 'projects');
      if (projects.length === 0) throw new ValidationError([{ path: 'projects', reason: 'must name a project' }]);
      const existing = await prisma.release.findUnique({ where: { version: input.version } });
      const release =
        existing ??
        (await prisma.release.upsert({
          where: { version: input.version },
          create: { version: input.version },
          update: {},
        }));
      return { release: await apply(release, input, projects), created: !existing };
    },

    async update(version: string, input: ReleaseUpdate): Promise<Release> {
      const release = await find(version);
      return apply(release, input, await projectIds(input.projects ?? [], 'projects'));
    },

    async remove(version: string): Promise<void> {
      const { count } = await prisma.release.deleteMany({ where: { version } });
      if (count === 0) throw new NotFoundError('Release', version);
    },

    /** Newest first; of one project, or of all. */
    async list({ projectId, limit = 100 }: { projectId?: string; limit?: number } = {}): Promise<Release[]> {
      return prisma.release.findMany({
        where: projectId ? { projects: { some: { projectId } } } : {},
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
    },

    async commits(version: string): Promise<ReleaseCommit[]> {
      const release = await find(version);
      return prisma.releaseCommit.findMany({ where: { releaseId: release.id }, orderBy: { position: 'asc' } });
    },

    /**
     * The newest release older than this one, of one of its projects, that has commits:
     * where `set-commits --auto` starts reading the git history.
     */
    async previousWithCommits(version: string): Promise<Release | null> {
      const release = await find(version);
      const projects = await prisma.releaseProject.findMany({ where: { releaseId: release.id } });
      const candidates = await prisma.release.findMany({
        where: {
          id: { not: release.id },
          commits: { some: {} },
          projects: { some: { projectId: { in: projects.map((p) => p.projectId) } } },
        },
        orderBy: { createdAt: 'desc' },
        take: 500,
      });
      const older = candidates.filter((c) => compareReleases(c, release) < 0).sort(compareReleases);
      return older.at(-1) ?? null;
    },

    /**
     * Records a deploy. One to a project's production environment moves the project's VERIFIED
     * issues fixed in this release, or in an older one, to DEPLOYED.
     */
    async deploy(version: string, input: DeployInput): Promise<Deploy & { deployed: Transitioned[] }> {
      const release = await find(version);
      const projects = await projectIds(input.projects ?? [], 'projects');
      const deploy = await prisma.deploy.create({
        data: {
          releaseId: release.id,
          environment: input.environment,
          name: input.name || null,
          url: input.url ?? null,
          startedAt: date(input.dateStarted) ?? null,
          finishedAt: date(input.dateFinished) ?? new Date(),
          projects,
        },
      });
      return { ...deploy, deployed: await deployFixes(release, deploy) };
    },

    async deploys(version: string): Promise<Deploy[]> {
      const release = await find(version);
      return prisma.deploy.findMany({ where: { releaseId: release.id }, orderBy: { finishedAt: 'desc' } });
    },

    /** What lists and sentry-cli show of each release, for many releases in a few queries. */
    async summaries(releases: Release[]): Promise<ReleaseSummary[]> {
      if (releases.length === 0) return [];
      const ids = releases.map((r) => r.id);
      const versions = releases.map((r) => r.version);
      const [projects, newIssues, rollups, lastSeen, commitCounts, lastCommits, deploys] = await Promise.all([
        prisma.releaseProject.findMany({
          where: { releaseId: { in: ids } },
          select: { releaseId: true, project: { select: { id: true, name: true } } },
          orderBy: { projectId: 'asc' },
        }),
        prisma.issue.groupBy({ by: ['firstRelease'], where: { firstRelease: { in: versions } }, _count: true }),
        prisma.occurrenceRollup.groupBy({
          by: ['release'],
          where: { release: { in: versions } },
          _sum: { count: true },
          _min: { hour: true },
          _max: { hour: true },
        }),
        prisma.issue.groupBy({
          by: ['lastRelease'],
          where: { lastRelease: { in: versions } },
          _max: { lastSeen: true },
        }),
        prisma.releaseCommit.groupBy({ by: ['releaseId'], where: { releaseId: { in: ids } }, _count: true }),
        prisma.releaseCommit.findMany({ where: { releaseId: { in: ids }, position: 0 } }),
        prisma.deploy.findMany({ where: { releaseId: { in: ids } }, orderBy: { finishedAt: 'desc' } }),
      ]);
      return releases.map((r) => {
        const rollup = rollups.find((x) => x.release === r.version);
        const latest = lastSeen.find((x) => x.lastRelease === r.version)?._max.lastSeen ?? null;
        // The rollups know the hour of the last event; an issue last seen in the release, its time.
        const lastHour = rollup?._max.hour ?? null;
        const ofRelease = deploys.filter((d) => d.releaseId === r.id);
        return {
          ...r,
          projects: projects.filter((p) => p.releaseId === r.id).map((p) => p.project),
          newIssues: newIssues.find((x) => x.firstRelease === r.version)?._count ?? 0,
          events: rollup?._sum.count ?? 0,
          firstEvent: rollup?._min.hour ?? null,
          lastEvent: latest && (!lastHour || latest > lastHour) ? latest : lastHour,
          commitCount: commitCounts.find((x) => x.releaseId === r.id)?._count ?? 0,
          lastCommit: lastCommits.find((c) => c.releaseId === r.id) ?? null,
          deploys: ofRelease,
          deployCount: ofRelease.length,
          lastDeploy: ofRelease[0] ?? null,
        };
      });
    },
  };
}

export type Releases = ReturnType<typeof createReleases>;
