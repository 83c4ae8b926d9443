import { issueStats, resolveRange, type Counts, type Stats } from '../issues/stats.ts';
import type { Source } from '../generated/prisma/enums.ts';
import { builder } from './builder.ts';
import { SourceEnum, TimeBucketEnum } from './enums.ts';
import { ProjectType } from './project.ts';

const CountsInterface = builder.interfaceRef<Counts>('Counts').implement({
  fields: (t) => ({
    newIssues: t.exposeInt('newIssues', { description: 'Issues first seen.' }),
    regressions: t.exposeInt('regressions', { description: 'Fixed issues that occurred again.' }),
    occurrences: t.exposeInt('occurrences', { description: 'Accepted reports.' }),
  }),
});

const CountsType = builder.objectRef<Counts>('StatsCounts').implement({ interfaces: [CountsInterface] });

const StatsBucketType = builder.objectRef<Counts & { start: Date }>('StatsBucket').implement({
  interfaces: [CountsInterface],
  fields: (t) => ({ start: t.expose('start', { type: 'DateTime' }) }),
});

const SourceStatsType = builder.objectRef<Counts & { source: Source }>('SourceStats').implement({
  interfaces: [CountsInterface],
  fields: (t) => ({ source: t.expose('source', { type: SourceEnum }) }),
});

const ProjectStatsType = builder.objectRef<Counts & { projectId: string }>('ProjectStats').implement({
  interfaces: [CountsInterface],
  fields: (t) => ({
    projectId: t.exposeString('projectId'),
    project: t.field({
      type: ProjectType,
      nullable: true,
      resolve: (s, _args, ctx) => ctx.loaders.project.load(s.projectId),
    }),
  }),
});

const StatsType = builder.objectRef<Stats>('Stats').implement({
  description: 'New issues, regressions and occurrences over a range, per bucket (UTC), per source and per project.',
  fields: (t) => ({
    from: t.expose('from', { type: 'DateTime' }),
    to: t.expose('to', { type: 'DateTime' }),
    bucket: t.expose('bucket', { type: TimeBucketEnum }),
    totals: t.field({ type: CountsType, resolve: (s) => s.totals }),
    series: t.field({
      type: [StatsBucketType],
      description: 'Every bucket of the range, empty ones included.',
      resolve: (s) => s.series,
    }),
    bySource: t.field({ type: [SourceStatsType], resolve: (s) => s.bySource }),
    byProject: t.field({ type: [ProjectStatsType], description: 'Busiest first.', resolve: (s) => s.byProject }),
  }),
});

builder.queryField('stats', (t) =>
  t.field({
    type: StatsType,
    description: 'Defaults: the last 30 days by day, or the last 48 hours by hour.',
    args: {
      from: t.arg({ type: 'DateTime' }),
      to: t.arg({ type: 'DateTime' }),
      bucket: t.arg({ type: TimeBucketEnum, defaultValue: 'DAY', required: true }),
      projectIds: t.arg.stringList(),
    },
    resolve: (_root, { from, to, bucket, projectIds }, ctx) =>
      issueStats(ctx.core.prisma, resolveRange(bucket, from, to), projectIds),
  }),
);
