// Releases in GraphQL: per project with their deploys, commits (linked into the repository),
// new and regressed issues and events over time; issues' first and last releases, and the
// mutations for teams without sentry-cli. Everything goes through releases/releases.ts.
import type { Deploy, Project, ReleaseCommit } from '../generated/prisma/client.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { ReleaseSummary } from '../releases/releases.ts';
import { commitUrl, fileUrl, repositoryOf, type Repository } from '../releases/repositories.ts';
import { suspectCommits } from '../releases/suspects.ts';
import { deploySchema, newReleaseSchema, updateReleaseSchema } from '../releases/schemas.ts';
import { REGRESSION_REASON } from '../issues/transition-details.ts';
import { validate } from '../validation.ts';
import { builder } from './builder.ts';
import { IssueType, OccurrenceType } from './issue.ts';
import { ProjectType } from './project.ts';
import type { Context } from './context.ts';

type Commit = ReleaseCommit & { repo: Repository | null };

/** The repository a commit is in: the release project's whose name it carries, else the only one. */
function repositoryFor(commit: ReleaseCommit, projects: (Project | null)[]): Repository | null {
  const repos = projects.map((p) => repositoryOf(p?.repoUrl)).filter((r): r is Repository => r !== null);
  return (
    repos.find((r) => r.name.toLowerCase() === commit.repository.toLowerCase()) ??
    (repos.length === 1 ? repos[0]! : null)
  );
}

async function withRepositories(commits: ReleaseCommit[], projectIds: string[], ctx: Context): Promise<Commit[]> {
  const projects = await Promise.all(projectIds.map((id) => ctx.loaders.project.load(id)));
  return commits.map((c) => ({ ...c, repo: repositoryFor(c, projects) }));
}

const CommitFileType = builder.objectRef<{ path: string; type: string; url: string | null }>('CommitFile').implement({
  description: 'A file a commit changed; `type` is git’s status letter (A added, M modified, D deleted, …).',
  fields: (t) => ({
    path: t.exposeString('path'),
    type: t.exposeString('type'),
    url: t.exposeString('url', {
      nullable: true,
      description: 'The file at that commit in the repository’s web view.',
    }),
  }),
});

const ReleaseCommitType = builder.objectRef<Commit>('ReleaseCommit').implement({
  description: 'A commit of a release, as `set-commits` sent it.',
  fields: (t) => ({
    sha: t.exposeString('sha'),
    shortSha: t.string({ resolve: (c) => c.sha.slice(0, 12) }),
    repository: t.exposeString('repository'),
    authorName: t.exposeString('authorName', { nullable: true }),
    authorEmail: t.exposeString('authorEmail', { nullable: true }),
    message: t.exposeString('message', { nullable: true }),
    committedAt: t.expose('committedAt', { type: 'DateTime', nullable: true }),
    url: t.string({
      nullable: true,
      description: 'The commit in its repository (GitHub, GitLab, Gitea or Bitbucket), from the project’s repo_url.',
      resolve: (c) => (c.repo ? commitUrl(c.repo, c.sha) : null),
    }),
    files: t.field({
      type: [CommitFileType],
      resolve: (c) =>
        (c.files as { path: string; type: string }[]).map((f) => ({
          ...f,
          url: c.repo && f.type !== 'D' ? fileUrl(c.repo, c.sha, f.path) : null,
        })),
    }),
  }),
});

export const DeployType = builder.prismaObject('Deploy', {
  description: 'A release put into an environment.',
  fields: (t) => ({
    id: t.exposeInt('id'),
    environment: t.exposeString('environment'),
    name: t.exposeString('name', { nullable: true }),
    url: t.exposeString('url', { nullable: true }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime' }),
    projectIds: t.exposeStringList('projects', {
      description: 'The projects deployed; empty for all of the release’s.',
    }),
  }),
});

const ReleaseEventsType = builder.objectRef<{ start: Date; count: number }>('ReleaseEvents').implement({
  fields: (t) => ({ start: t.expose('start', { type: 'DateTime' }), count: t.exposeInt('count') }),
});

const DAY_MS = 86_400_000;

export const ReleaseType = builder.objectRef<ReleaseSummary>('Release');
ReleaseType.implement({
  description:
    'A version of the software, shared by the projects that ship it; made by `releases new` or by its first report.',
  fields: (t) => ({
    id: t.exposeInt('id'),
    version: t.exposeString('version'),
    url: t.exposeString('url', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    releasedAt: t.expose('releasedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was finalized (`releases finalize`); null while unreleased.',
    }),
    projects: t.field({
      type: [ProjectType],
      resolve: async (r, _args, ctx) =>
        (await Promise.all(r.projects.map((p) => ctx.loaders.project.load(p.id)))).filter((p) => p !== null),
    }),
    newIssueCount: t.int({ description: 'Issues first seen in it.', resolve: (r) => r.newIssues }),
    eventCount: t.int({ description: 'Occurrences reported with its version.', resolve: (r) => r.events }),
    firstEvent: t.expose('firstEvent', { type: 'DateTime', nullable: true, description: 'To the hour.' }),
    lastEvent: t.expose('lastEvent', { type: 'DateTime', nullable: true }),
    commitCount: t.exposeInt('commitCount'),
    deployCount: t.exposeInt('deployCount'),
    lastDeploy: t.field({ type: DeployType, nullable: true, resolve: (r) => r.lastDeploy }),
    deploys: t.field({ type: [DeployType], description: 'Newest first.', resolve: (r) => r.deploys }),
    commits: t.field({
      type: [ReleaseCommitType],
      description: 'Newest first.',
      resolve: async (r, _args, ctx) =>
        withRepositories(
          await ctx.core.releases.commits(r.version),
          r.projects.map((p) => p.id),
          ctx,
        ),
    }),
    previousWithCommits: t.field({
      type: ReleaseType,
      nullable: true,
      description: 'The newest older release of its projects that has commits: where a history of its commits starts.',
      resolve: async (r, _args, ctx) => {
        const previous = await ctx.core.releases.previousWithCommits(r.version);
        return previous ? ctx.loaders.release.load(previous.version) : null;
      },
    }),
    newIssues: t.prismaField({
      type: [IssueType],
      description: 'Issues first seen in it, the most recently seen first.',
      args: { first: t.arg.int({ defaultValue: 20, required: true }) },
      resolve: (query, r, { first }, ctx) =>
        ctx.core.prisma.issue.findMany({
          ...query,
          where: { firstRelease: r.version },
          orderBy: { lastSeen: 'desc' },
          take: Math.min(Math.max(first, 0), 100),
        }),
    }),
    regressedIssues: t.prismaField({
      type: [IssueType],
      description: 'Issues that an occurrence of this release reopened, the latest reopened first.',
      args: { first: t.arg.int({ defaultValue: 20, required: true }) },
      resolve: async (query, r, { first }, ctx) => {
        const reopened = await ctx.core.prisma.statusTransition.findMany({
          where: {
            AND: [
              { details: { path: ['reason'], equals: REGRESSION_REASON } },
              { details: { path: ['version'], equals: r.version } },
            ],
          },
          orderBy: { createdAt: 'desc' },
          distinct: ['issueId'],
          select: { issueId: true },
          take: Math.min(Math.max(first, 0), 100),
        });
        const ids = reopened.map((t) => t.issueId);
        const issues = await ctx.core.prisma.issue.findMany({ ...query, where: { id: { in: ids } } });
        return ids.map((id) => issues.find((i) => i.id === id)).filter((i) => i !== undefined);
      },
    }),
    events: t.field({
      type: [ReleaseEventsType],
      description: 'Its occurrences per day (UTC) over the last `days`, oldest first, days without any included.',
      args: { days: t.arg.int({ defaultValue: 14, required: true }) },
      resolve: async (r, { days }, ctx) => {
        const span = Math.min(Math.max(days, 1), 365);
        const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
        const from = new Date(today - (span - 1) * DAY_MS);
        const rows = await ctx.core.prisma.occurrenceRollup.findMany({
          where: { release: r.version, hour: { gte: from } },
          select: { hour: true, count: true },
        });
        const days_ = Array.from({ length: span }, (_, i) => ({
          start: new Date(from.getTime() + i * DAY_MS),
          count: 0,
        }));
        for (const row of rows) days_[Math.floor((row.hour.getTime() - from.getTime()) / DAY_MS)]!.count += row.count;
        return days_;
      },
    }),
  }),
});

const releaseOf = async (version: string, ctx: Context) => {
  const release = await ctx.loaders.release.load(version);
  if (!release) throw new NotFoundError('Release', version);
  return release;
};

builder.queryFields((t) => ({
  releases: t.field({
    type: [ReleaseType],
    description: 'Releases, newest first (of a project when given).',
    args: { projectId: t.arg.string(), first: t.arg.int({ defaultValue: 25, required: true }) },
    resolve: async (_root, { projectId, first }, ctx) =>
      ctx.core.releases.summaries(
        await ctx.core.releases.list({ projectId: projectId ?? undefined, limit: Math.min(Math.max(first, 1), 200) }),
      ),
  }),
  release: t.field({
    type: ReleaseType,
    nullable: true,
    args: { version: t.arg.string({ required: true }) },
    resolve: (_root, { version }, ctx) => ctx.loaders.release.load(version),
  }),
}));

builder.prismaObjectField('Project', 'releases', (t) =>
  t.field({
    type: [ReleaseType],
    description: 'Its releases, newest first.',
    args: { first: t.arg.int({ defaultValue: 25, required: true }) },
    resolve: async (p, { first }, ctx) =>
      ctx.core.releases.summaries(
        await ctx.core.releases.list({ projectId: p.id, limit: Math.min(Math.max(first, 1), 200) }),
      ),
  }),
);
builder.prismaObjectField('Project', 'repositoryUrl', (t) =>
  t.string({
    nullable: true,
    description: 'The repository’s web address, from `repoUrl` (credentials and `.git` left out).',
    select: { repoUrl: true },
    resolve: (p) => repositoryOf(p.repoUrl)?.webUrl ?? null,
  }),
);
builder.prismaObjectField('Project', 'commitUrl', (t) =>
  t.string({
    nullable: true,
    description: 'A commit of the project’s repository on the web (GitHub, GitLab, Gitea or Bitbucket patterns).',
    args: { sha: t.arg.string({ required: true }) },
    select: { repoUrl: true },
    resolve: (p, { sha }) => {
      const repo = repositoryOf(p.repoUrl);
      return repo ? commitUrl(repo, sha) : null;
    },
  }),
);
builder.prismaObjectField('Project', 'productionEnvironment', (t) =>
  t.exposeString('productionEnvironment', {
    description: 'Deploys to this environment count as production: fixes verified in the release move to DEPLOYED.',
  }),
);

builder.prismaObjectFields('Issue', (t) => ({
  firstRelease: t.field({
    type: ReleaseType,
    nullable: true,
    description: 'The release of its earliest occurrence that named one.',
    select: { firstRelease: true },
    resolve: (i, _args, ctx) => (i.firstRelease ? ctx.loaders.release.load(i.firstRelease) : null),
  }),
  lastRelease: t.field({
    type: ReleaseType,
    nullable: true,
    description: 'The release of its latest occurrence that named one.',
    select: { lastRelease: true },
    resolve: (i, _args, ctx) => (i.lastRelease ? ctx.loaders.release.load(i.lastRelease) : null),
  }),
  fixedInRelease: t.field({
    type: ReleaseType,
    nullable: true,
    description:
      'The release its fix ships in (FIXED, VERIFIED, DEPLOYED): occurrences of older releases do not reopen it.',
    select: { fixedInRelease: true },
    resolve: (i, _args, ctx) => (i.fixedInRelease ? ctx.loaders.release.load(i.fixedInRelease) : null),
  }),
  fixAwaitsReleaseSince: t.expose('fixAwaitsReleaseSince', {
    type: 'DateTime',
    nullable: true,
    description: 'Fixed "in the next release": since when it waits for the project’s next release.',
  }),
  seenInOlderReleaseCount: t.exposeInt('olderReleaseCount', {
    description: 'Occurrences since the fix from releases older than its release; they did not reopen it.',
  }),
  seenInOlderReleaseAt: t.expose('olderReleaseLastAt', {
    type: 'DateTime',
    nullable: true,
    description: 'The latest of them.',
  }),
  suspectCommits: t.field({
    type: [ReleaseCommitType],
    description:
      'Commits of the release it was first seen in that changed the file of its top frame: where to look first.',
    select: { firstRelease: true, filePath: true, projectId: true },
    resolve: async (i, _args, ctx) => {
      if (!i.firstRelease || !i.filePath) return [];
      const release = await ctx.loaders.release.load(i.firstRelease);
      if (!release) return [];
      const commits = suspectCommits(await ctx.core.releases.commits(release.version), i.filePath);
      return withRepositories(commits, [i.projectId, ...release.projects.map((p) => p.id)], ctx);
    },
  }),
}));

/** The commit a report names: the contract's `commit_hash`, else a CI report's `context.commit`. */
const commitOf = (o: { commitHash: string | null; context: unknown }) => {
  const context = o.context as Record<string, unknown> | null;
  return o.commitHash ?? (typeof context?.commit === 'string' ? context.commit : null);
};

builder.objectFields(OccurrenceType, (t) => ({
  commit: t.string({
    nullable: true,
    description: 'Its `commit_hash`, or the commit in its context (CI reports).',
    resolve: commitOf,
  }),
  commitUrl: t.string({
    nullable: true,
    description: 'That commit in the project’s repository, when both are known.',
    resolve: async (o, _args, ctx) => {
      const commit = commitOf(o);
      if (!commit) return null;
      const repo = repositoryOf((await ctx.loaders.project.load(o.projectId))?.repoUrl);
      return repo ? commitUrl(repo, commit) : null;
    },
  }),
}));

const ReleaseInput = builder.inputType('ReleaseInput', {
  fields: (t) => ({
    version: t.string({ required: true }),
    projectIds: t.stringList({ required: true }),
    url: t.string(),
    released: t.boolean({ description: 'Finalize it at once.' }),
  }),
});
const CommitFileInput = builder.inputType('CommitFileInput', {
  fields: (t) => ({
    path: t.string({ required: true }),
    type: t.string({ description: 'git’s status letter: A, M (the default), D, R, …' }),
  }),
});
const CommitInput = builder.inputType('ReleaseCommitInput', {
  fields: (t) => ({
    sha: t.string({ required: true }),
    repository: t.string(),
    authorName: t.string(),
    authorEmail: t.string(),
    message: t.string(),
    committedAt: t.field({ type: 'DateTime' }),
    files: t.field({ type: [CommitFileInput], description: 'The files it changed.' }),
  }),
});
const DeployInput = builder.inputType('DeployInput', {
  fields: (t) => ({
    environment: t.string({ required: true }),
    name: t.string(),
    url: t.string(),
    startedAt: t.field({ type: 'DateTime' }),
    finishedAt: t.field({ type: 'DateTime', description: 'Now unless given.' }),
  }),
});

const DeletedReleaseType = builder.objectRef<{ version: string }>('DeletedRelease').implement({
  fields: (t) => ({ version: t.exposeString('version') }),
});

const iso = (d: Date | null | undefined) => d?.toISOString() ?? undefined;
const errors = { types: [ValidationError, NotFoundError] };

builder.mutationFields((t) => ({
  createRelease: t.field({
    type: ReleaseType,
    description: 'Makes a release of these projects, or adds them to the existing one (`sentry-cli releases new`).',
    errors,
    args: { input: t.arg({ type: ReleaseInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const data = validate(newReleaseSchema, {
        version: input.version,
        projects: input.projectIds,
        url: input.url,
        dateStarted: new Date().toISOString(),
        ...(input.released ? { dateReleased: new Date().toISOString() } : {}),
      });
      const { release } = await ctx.core.releases.create(data);
      return releaseOf(release.version, ctx);
    },
  }),
  finalizeRelease: t.field({
    type: ReleaseType,
    description: 'Marks a release as out (`sentry-cli releases finalize`).',
    errors,
    args: { version: t.arg.string({ required: true }), releasedAt: t.arg({ type: 'DateTime' }) },
    resolve: async (_root, { version, releasedAt }, ctx) => {
      await ctx.core.releases.update(version, { dateReleased: (releasedAt ?? new Date()).toISOString() });
      return releaseOf(version, ctx);
    },
  }),
  setReleaseCommits: t.field({
    type: ReleaseType,
    description: 'Replaces a release’s commits (newest first), as `sentry-cli releases set-commits --auto` does.',
    errors,
    args: {
      version: t.arg.string({ required: true }),
      commits: t.arg({ type: [CommitInput], required: true }),
    },
    resolve: async (_root, { version, commits }, ctx) => {
      const data = validate(updateReleaseSchema, {
        commits: commits.map((c) => ({
          id: c.sha,
          repository: c.repository,
          author_name: c.authorName,
          author_email: c.authorEmail,
          message: c.message,
          timestamp: iso(c.committedAt),
          patch_set: (c.files ?? []).map((f) => ({ path: f.path, type: f.type ?? 'M' })),
        })),
      });
      await ctx.core.releases.update(version, data);
      return releaseOf(version, ctx);
    },
  }),
  createDeploy: t.prismaField({
    type: DeployType,
    description: 'Records that a release was deployed to an environment (`sentry-cli deploys new`).',
    errors,
    args: { version: t.arg.string({ required: true }), input: t.arg({ type: DeployInput, required: true }) },
    resolve: async (_query, _root, { version, input }, ctx): Promise<Deploy> => {
      const data = validate(deploySchema, {
        environment: input.environment,
        name: input.name,
        url: input.url,
        dateStarted: iso(input.startedAt),
        dateFinished: iso(input.finishedAt),
      });
      return ctx.core.releases.deploy(version, data);
    },
  }),
  deleteRelease: t.field({
    type: DeletedReleaseType,
    description: 'Removes a release with its commits and deploys; occurrences keep their version.',
    errors,
    args: { version: t.arg.string({ required: true }) },
    resolve: async (_root, { version }, ctx) => {
      await ctx.core.releases.remove(version);
      return { version };
    },
  }),
}));
