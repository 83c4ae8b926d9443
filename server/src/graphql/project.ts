import { IssueStatus } from '../generated/prisma/enums.ts';
import { projectInputSchema } from '../projects/project-schema.ts';
import { saveProject } from '../projects/projects.ts';
import { validate } from '../validation.ts';
import { builder } from './builder.ts';
import { IssueStatusEnum } from './enums.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { StatusCounts } from './context.ts';

const StatusCountType = builder.objectRef<{ status: IssueStatus; count: number }>('StatusCount').implement({
  fields: (t) => ({ status: t.expose('status', { type: IssueStatusEnum }), count: t.exposeInt('count') }),
});

const IssueCountsType = builder.objectRef<StatusCounts>('IssueCounts').implement({
  description: 'How many issues a project has, in all and per status.',
  fields: (t) => ({
    total: t.int({ resolve: (counts) => [...counts.values()].reduce((a, b) => a + b, 0) }),
    byStatus: t.field({
      type: [StatusCountType],
      description: 'Every status, in workflow order, zero included.',
      resolve: (counts) => Object.values(IssueStatus).map((status) => ({ status, count: counts.get(status) ?? 0 })),
    }),
  }),
});

builder.prismaObject('ProjectChange', {
  description: 'Who set what on a project, anonymous registrations by seed 000 clients included.',
  fields: (t) => ({
    id: t.exposeInt('id'),
    changes: t.expose('changes', {
      type: 'JSON',
      description: '{ field: { from, to } } for each field that changed (camelCase names).',
    }),
    actor: t.exposeString('actor', {
      description: '`anonymous registration`, or the email of the user behind the session or token.',
    }),
    remoteAddr: t.exposeString('remoteAddr', {
      nullable: true,
      description: 'The client’s address, for changes over REST.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const ProjectType = builder.prismaObject('Project', {
  description: 'A reporting application, pipeline or deployment; created by its first report.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'The contract’s project_id.' }),
    name: t.exposeString('name'),
    repoUrl: t.exposeString('repoUrl', { nullable: true, description: 'Git remote repair agents clone and push.' }),
    localPath: t.exposeString('localPath', {
      nullable: true,
      description: 'Absolute path where repair agents work on the code.',
    }),
    description: t.exposeString('description', { nullable: true }),
    ingestKeyRequired: t.exposeBoolean('ingestKeyRequired', {
      description: 'Reports are accepted only with one of the project’s keys (header X-Log-Center-Key).',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    issueCounts: t.field({ type: IssueCountsType, resolve: (p, _args, ctx) => ctx.loaders.issueCounts.load(p.id) }),
    changes: t.relation('changes', {
      description: 'Its metadata’s history, newest first (the last 50).',
      query: { orderBy: { id: 'desc' }, take: 50 },
    }),
  }),
});

builder.queryFields((t) => ({
  projects: t.prismaField({
    type: [ProjectType],
    description: 'Every project, ordered by id.',
    resolve: (query, _root, _args, ctx) => ctx.core.prisma.project.findMany({ ...query, orderBy: { id: 'asc' } }),
  }),
  project: t.prismaField({
    type: ProjectType,
    nullable: true,
    args: { id: t.arg.string({ required: true }) },
    resolve: (query, _root, { id }, ctx) => ctx.core.prisma.project.findUnique({ ...query, where: { id } }),
  }),
}));

const ProjectInput = builder.inputType('ProjectInput', {
  description: 'Fields to change; null clears an optional field, an absent field stays as it is.',
  fields: (t) => ({
    name: t.string(),
    repoUrl: t.string(),
    localPath: t.string({ description: 'Absolute path.' }),
    description: t.string(),
    ingestKeyRequired: t.boolean({ description: 'Accept reports only with one of the project’s keys.' }),
    productionEnvironment: t.string({
      description: 'The environment whose deploys move verified fixes of the release to DEPLOYED.',
    }),
  }),
});

builder.mutationField('updateProject', (t) =>
  t.field({
    type: ProjectType,
    errors: { types: [ValidationError, NotFoundError] },
    args: { id: t.arg.string({ required: true }), input: t.arg({ type: ProjectInput, required: true }) },
    resolve: async (_root, { id, input }, ctx) => {
      const changes = validate(projectInputSchema, input);
      const viewer = ctx.viewer!;
      const { project } = await saveProject(ctx.core, id, changes, {
        create: false,
        actor: { name: viewer.user.email, userId: viewer.user.id, remoteAddr: null },
      });
      return project;
    },
  }),
);
