// Sentry SDK keys of a project: listed with their ready DSN, added, disabled, removed.
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors.ts';
import { dsnFor } from '../sentry/auth.ts';
import { validate } from '../validation.ts';
import { builder } from './builder.ts';

const keyInput = z.object({
  label: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  enabled: z.boolean().optional(),
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).nullable().optional(),
});

export const ProjectKeyType = builder.prismaObject('ProjectKey', {
  description: 'A public key for Sentry SDKs. Point sentry-sdk at `dsn` and nothing else needs to change.',
  fields: (t) => ({
    id: t.exposeInt('id'),
    projectId: t.exposeString('projectId'),
    publicKey: t.exposeString('publicKey'),
    label: t.exposeString('label'),
    enabled: t.exposeBoolean('enabled'),
    rateLimitPerMinute: t.exposeInt('rateLimitPerMinute', {
      nullable: true,
      description: 'Events a minute this key may send; null for no limit.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    dsn: t.string({
      select: { project: { select: { dsnId: true } } },
      description: 'http://KEY@HOST:PORT/DSN_ID, with this server’s API address.',
      resolve: (key, _args, ctx) => dsnFor(ctx.apiUrl, key.publicKey, key.project.dsnId),
    }),
  }),
});

builder.prismaObjectField('Project', 'dsnId', (t) =>
  t.exposeInt('dsnId', { description: 'The project’s number in Sentry DSNs.' }),
);
builder.prismaObjectField('Project', 'keys', (t) =>
  t.relation('keys', { description: 'Sentry SDK keys, oldest first.', query: { orderBy: { id: 'asc' } } }),
);

const KeyInput = builder.inputType('ProjectKeyInput', {
  fields: (t) => ({
    label: t.string(),
    enabled: t.boolean(),
    rateLimitPerMinute: t.int({ description: 'null removes the limit.' }),
  }),
});

builder.mutationFields((t) => ({
  createProjectKey: t.prismaField({
    type: ProjectKeyType,
    errors: { types: [ValidationError, NotFoundError] },
    args: { projectId: t.arg.string({ required: true }), input: t.arg({ type: KeyInput }) },
    resolve: async (query, _root, { projectId, input }, ctx) => {
      const data = validate(keyInput, input ?? {});
      if (!(await ctx.core.prisma.project.count({ where: { id: projectId } })))
        throw new NotFoundError('Project', projectId);
      const key = await ctx.core.prisma.projectKey.create({ ...query, data: { ...data, projectId } });
      ctx.core.ingestKeys.changed();
      return key;
    },
  }),
  updateProjectKey: t.prismaField({
    type: ProjectKeyType,
    description: 'Rename, disable (its events are refused with 403) or re-enable a key, or change its rate limit.',
    errors: { types: [ValidationError, NotFoundError] },
    args: { id: t.arg.int({ required: true }), input: t.arg({ type: KeyInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      const data = validate(keyInput, input);
      if (!(await ctx.core.prisma.projectKey.count({ where: { id } })))
        throw new NotFoundError('ProjectKey', String(id));
      const key = await ctx.core.prisma.projectKey.update({ ...query, where: { id }, data });
      ctx.core.ingestKeys.changed();
      return key;
    },
  }),
  deleteProjectKey: t.prismaField({
    type: ProjectKeyType,
    description: 'Removes a key; SDKs still using it get 403.',
    errors: { types: [NotFoundError] },
    args: { id: t.arg.int({ required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      if (!(await ctx.core.prisma.projectKey.count({ where: { id } })))
        throw new NotFoundError('ProjectKey', String(id));
      const key = await ctx.core.prisma.projectKey.delete({ ...query, where: { id } });
      ctx.core.ingestKeys.changed();
      return key;
    },
  }),
}));
