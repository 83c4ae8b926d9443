// Build logs in GraphQL: builds with their steps, their lines as a connection by line number,
// and the live tail (catch-up, then each committed batch, then the end). Reads go through
// the same service as REST (builds/builds.ts).
import { Repeater } from '@repeaterjs/repeater';
import type { BuildStep } from '../generated/prisma/client.ts';
import { BuildLogType, BuildStatus } from '../generated/prisma/enums.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { buildRef } from '../builds/builds.ts';
import { buildLogStream, type BuildLogChunk } from '../builds/live.ts';
import { MAX_PAGE } from '../builds/schemas.ts';
import { reportedBuild, type BuildKey, type LineFilter, type StoredLine } from '../builds/store.ts';
import { builder } from './builder.ts';
import { ARGUMENTS_CHOOSE_EVENTS } from './shared-execution.ts';
import { OccurrenceType } from './issue.ts';
import { ProjectType } from './project.ts';

export const BuildStatusEnum = builder.enumType(BuildStatus, {
  name: 'BuildStatus',
  description: 'A build or step: RUNNING until it says how it ended.',
});
const BuildLogTypeEnum = builder.enumType(BuildLogType, {
  name: 'BuildLogType',
  description: 'What a line is (the seed’s LogType); FOLD_START and FOLD_END open and close a foldable section.',
});

const BuildLogLineType = builder.objectRef<StoredLine>('BuildLogLine').implement({
  description: 'One line of a build log, numbered by the server in the order lines were accepted.',
  fields: (t) => ({
    lineNo: t.exposeInt('lineNo'),
    timestamp: t.field({ type: 'DateTime', resolve: (l) => new Date(l.timestamp) }),
    message: t.exposeString('message', { description: 'As printed, ANSI escapes kept.' }),
    tag: t.exposeString('tag', { nullable: true, description: 'The step.' }),
    subTag: t.exposeString('subTag', { nullable: true }),
    jobId: t.exposeString('jobId', { nullable: true }),
    logType: t.expose('logType', { type: BuildLogTypeEnum }),
    executeCount: t.exposeInt('executeCount'),
  }),
});

const BuildStepType = builder.prismaObject('BuildStep', {
  description: 'A step (tag) of one execution of a build, and where its lines are.',
  fields: (t) => ({
    tag: t.exposeString('tag'),
    executeCount: t.exposeInt('executeCount'),
    status: t.expose('status', { type: BuildStatusEnum }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    lineCount: t.exposeInt('lineCount'),
    firstLineNo: t.exposeInt('firstLineNo', { nullable: true }),
    lastLineNo: t.exposeInt('lastLineNo', { nullable: true }),
  }),
});

const stepOrder = [{ firstLineNo: { sort: 'asc', nulls: 'last' } }, { startedAt: 'asc' }] as const;

const lineCursor = (name: string, value: string | null | undefined) => {
  if (value == null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31)
    throw new ValidationError([{ path: name, reason: `must be a line number cursor, got ${JSON.stringify(value)}` }]);
  return n;
};

const failing = (steps: BuildStep[]) => steps.find((s) => s.status === BuildStatus.FAILURE) ?? null;

export const BuildType = builder.prismaObject('Build', {
  description: 'One CI run of a pipeline, with the steps and lines of its executions.',
  fields: (t) => ({
    id: t.exposeInt('id'),
    projectId: t.exposeString('projectId'),
    project: t.relation('project', { type: ProjectType }),
    pipeline: t.exposeString('pipeline'),
    number: t.exposeString('number', { description: 'The run as the CI names it, e.g. `24`.' }),
    status: t.expose('status', { type: BuildStatusEnum }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    executeCount: t.exposeInt('lastExecuteCount', { description: 'The newest execute count (retries count up).' }),
    lineCount: t.int({
      description: 'Lines of the newest execution.',
      select: { executions: true },
      resolve: (b) => b.executions.find((e) => e.executeCount === b.lastExecuteCount)?.lineCount ?? 0,
    }),
    steps: t.field({
      type: [BuildStepType],
      description: 'The steps of an execution (the newest unless named), in order of their first line.',
      args: { executeCount: t.arg.int() },
      select: { steps: { orderBy: [...stepOrder] } },
      resolve: (b, { executeCount }) => b.steps.filter((s) => s.executeCount === (executeCount ?? b.lastExecuteCount)),
    }),
    failingStep: t.field({
      type: BuildStepType,
      nullable: true,
      description: 'The first step of the newest execution that failed.',
      select: { steps: { orderBy: [...stepOrder] } },
      resolve: (b) => failing(b.steps.filter((s) => s.executeCount === b.lastExecuteCount)),
    }),
    lines: t.connection(
      {
        type: BuildLogLineType,
        description:
          'Lines by number: `first` after the `after` line number, or `last` before `before` (the tail, without either). Cursors are line numbers.',
        args: {
          executeCount: t.arg.int({ description: 'The newest unless given.' }),
          tag: t.arg.string(),
          subTag: t.arg.string(),
          jobId: t.arg.string(),
        },
        resolve: async (b, args, ctx) => {
          const num = args.first ?? args.last ?? 500;
          if (num < 1 || num > MAX_PAGE)
            throw new ValidationError([
              { path: args.first != null ? 'first' : 'last', reason: `must be 1 to ${MAX_PAGE}` },
            ]);
          const after = lineCursor('after', args.after);
          const before = lineCursor('before', args.before);
          const fromStart = args.first != null || (args.last == null && after !== undefined);
          const filter: LineFilter = { ...args, executeCount: args.executeCount ?? b.lastExecuteCount };
          const page = await ctx.core.builds.store.page(buildRef(b), {
            ...filter,
            start: (after ?? 0) + 1,
            end: (before ?? 2 ** 31) - 1,
            num,
            fromStart,
          });
          const edges = page.lines.map((node) => ({ cursor: String(node.lineNo), node }));
          return {
            edges,
            pageInfo: {
              hasNextPage: fromStart ? page.hasMore : before !== undefined,
              hasPreviousPage: fromStart ? (after ?? 0) > 0 : page.hasMore,
              startCursor: edges[0]?.cursor ?? null,
              endCursor: edges.at(-1)?.cursor ?? null,
            },
          };
        },
      },
      { name: 'BuildLogLineConnection' },
      { name: 'BuildLogLineEdge' },
    ),
    search: t.int({
      nullable: true,
      description:
        'The number of the next line after `after` (or before it, with `backwards`) whose text contains `text`, ignoring case; null when there is none.',
      args: {
        text: t.arg.string({ required: true }),
        after: t.arg.int({ required: true, defaultValue: 0 }),
        backwards: t.arg.boolean({ required: true, defaultValue: false }),
        executeCount: t.arg.int(),
        tag: t.arg.string(),
      },
      resolve: (b, args, ctx) => {
        if (args.text.length < 1 || args.text.length > 200)
          throw new ValidationError([{ path: 'text', reason: 'must be 1 to 200 characters' }]);
        const filter = { executeCount: args.executeCount ?? b.lastExecuteCount, tag: args.tag };
        return ctx.core.builds.store.search(buildRef(b), filter, args.text, args.after, args.backwards);
      },
    }),
  }),
});

const keyArgs = builder.args((t) => ({
  projectId: t.string({ required: true }),
  pipeline: t.string({ required: true }),
  build: t.string({ required: true, description: 'The run as the CI names it, e.g. `24`.' }),
}));

const keyOf = (a: { projectId: string; pipeline: string; build: string }): BuildKey => ({
  projectId: a.projectId,
  pipeline: a.pipeline,
  number: a.build,
});

const PipelineType = builder
  .objectRef<{ projectId: string; name: string; builds: number; lastBuildId: number }>('Pipeline')
  .implement({
    description: 'A pipeline of a project, as its builds name it.',
    fields: (t) => ({
      projectId: t.exposeString('projectId'),
      name: t.exposeString('name'),
      buildCount: t.exposeInt('builds'),
      lastBuild: t.prismaField({
        type: BuildType,
        resolve: (query, p, _args, ctx) =>
          ctx.core.prisma.build.findUniqueOrThrow({ ...query, where: { id: p.lastBuildId } }),
      }),
    }),
  });

builder.queryFields((t) => ({
  builds: t.prismaConnection(
    {
      type: BuildType,
      cursor: 'id',
      description: 'Builds, newest first: of a project and pipeline when given, in a status when given.',
      args: {
        projectId: t.arg.string(),
        pipeline: t.arg.string(),
        status: t.arg({ type: BuildStatusEnum }),
      },
      resolve: (query, _root, { projectId, pipeline, status }, ctx) =>
        ctx.core.prisma.build.findMany({
          ...query,
          where: {
            ...(projectId ? { projectId } : {}),
            ...(pipeline ? { pipeline } : {}),
            ...(status ? { status } : {}),
          },
          orderBy: { id: 'desc' },
        }),
    },
    { name: 'BuildConnection' },
    { name: 'BuildEdge' },
  ),
  build: t.prismaField({
    type: BuildType,
    nullable: true,
    args: keyArgs,
    resolve: (query, _root, args, ctx) =>
      ctx.core.prisma.build.findUnique({ ...query, where: { projectId_pipeline_number: keyOf(args) } }),
  }),
  pipelines: t.field({
    type: [PipelineType],
    description: 'The pipelines that have builds (of a project when given), the most recently built first.',
    args: { projectId: t.arg.string() },
    resolve: async (_root, { projectId }, ctx) => {
      const groups = await ctx.core.prisma.build.groupBy({
        by: ['projectId', 'pipeline'],
        where: projectId ? { projectId } : {},
        _count: { _all: true },
        _max: { id: true },
        orderBy: { _max: { id: 'desc' } },
        take: 200,
      });
      return groups.map((g) => ({
        projectId: g.projectId,
        name: g.pipeline,
        builds: g._count._all,
        lastBuildId: g._max.id!,
      }));
    },
  }),
}));

const BuildLogChunkType = builder.objectRef<BuildLogChunk>('BuildLogChunk').implement({
  description: 'Consecutive lines of a live build log, and the build’s status when they were sent.',
  fields: (t) => ({
    lines: t.field({ type: [BuildLogLineType], resolve: (c) => c.lines }),
    status: t.expose('status', { type: BuildStatusEnum }),
  }),
});

builder.objectField(OccurrenceType, 'build', (t) =>
  t.prismaField({
    type: BuildType,
    nullable: true,
    description:
      'The CI run this report came from, when its context names it (`workflow` and `run_id`) and its log was sent.',
    resolve: (query, o, _args, ctx) => {
      const key = reportedBuild(o);
      return key ? ctx.core.prisma.build.findUnique({ ...query, where: { projectId_pipeline_number: key } }) : null;
    },
  }),
);

builder.subscriptionFields((t) => ({
  buildLog: t.field({
    type: BuildLogChunkType,
    description:
      'A build log live: the lines from `fromLine` that exist, then each batch as it is committed, then completion when the build finishes, after a last chunk (its lines may be empty) with the final status. Every line comes once, in order.',
    args: {
      ...keyArgs,
      fromLine: t.arg.int({ required: true, defaultValue: 1 }),
      tag: t.arg.string({ description: 'Only this step’s lines.' }),
      executeCount: t.arg.int({ description: 'The newest unless given.' }),
    },
    subscribe: async (_root, args, ctx) => {
      const key = keyOf(args);
      const build = await ctx.core.builds.find(key);
      if (!build) throw new NotFoundError('Build', `${key.projectId}/${key.pipeline}/${key.number}`);
      const filter = { executeCount: args.executeCount ?? build.lastExecuteCount, tag: args.tag };
      return buildLogStream(ctx.core.builds, ctx.core.pubsub, build, filter, args.fromLine);
    },
    resolve: (chunk) => chunk,
    extensions: ARGUMENTS_CHOOSE_EVENTS,
  }),
  buildChanged: t.prismaField({
    type: BuildType,
    description: 'Each build as it appears, and as it or one of its steps starts or ends (of a project when given).',
    args: { projectId: t.arg.string() },
    subscribe: (_root, { projectId }, ctx) =>
      new Repeater<number>(async (push, stop) => {
        const source = ctx.core.pubsub.subscribe('build:changed');
        stop.then(() => void source.return?.());
        for await (const m of source) if (!projectId || m.projectId === projectId) await push(m.buildId);
      }),
    resolve: (query, buildId, _args, ctx) =>
      ctx.core.prisma.build.findUniqueOrThrow({ ...query, where: { id: buildId as unknown as number } }),
  }),
}));
