// Accounts: who I am, my password and my API tokens; for admins, the users.
import { z } from 'zod';
import { Role, TokenScope } from '../generated/prisma/enums.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { createToken } from '../auth/accounts.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords.ts';
import { ROLE_SCOPES, scopeOf } from '../auth/permissions.ts';
import { validate } from '../validation.ts';
import { emailSchema } from '../email.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';

const RoleEnum = builder.enumType(Role, {
  name: 'Role',
  description: 'VIEWER reads; MEMBER also triages and runs agents; ADMIN also manages projects, keys, rules and users.',
});
const TokenScopeEnum = builder.enumType(TokenScope, {
  name: 'TokenScope',
  description: 'ADMIN includes the others; TRIAGE, AGENT and RELEASE include READ.',
});

const password = z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(1024);
const userInput = z.object({
  email: emailSchema.transform((s) => s.toLowerCase()),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  role: z.enum(Role),
  password,
});
const userUpdate = z
  .object({
    name: userInput.shape.name,
    role: z.enum(Role),
    disabled: z.boolean(),
    password,
    revokeTokens: z.boolean(),
  })
  .partial();
const tokenInput = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  scopes: z.array(z.enum(TokenScope)).min(1, 'must name at least one scope'),
  expiresInDays: z.number().int().min(1).max(3650).nullish(),
});

/** The signed-in user's id; the permission table lets no anonymous caller get here. */
const me = (ctx: Context) => ctx.viewer!.user.id;
const isAdmin = (ctx: Context) => ctx.viewer?.scopes.has('admin') ?? false;
/** Changes to accounts and tokens go to the log with who made them: the audit trail. */
const audit = (ctx: Context, event: string, fields: Record<string, unknown>, message: string) =>
  ctx.core.logger.info({ event: `auth.${event}`, by: me(ctx), ...fields }, message);

export const UserType = builder.prismaObject('User', {
  fields: (t) => ({
    id: t.exposeInt('id'),
    email: t.exposeString('email'),
    name: t.exposeString('name'),
    role: t.expose('role', { type: RoleEnum }),
    disabled: t.exposeBoolean('disabled'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastLoginAt: t.expose('lastLoginAt', { type: 'DateTime', nullable: true }),
    activeApiTokens: t.int({
      description:
        'How many of this user’s API tokens still work (not revoked, not expired). A new password does not stop them.',
      resolve: (user, _args, ctx) =>
        ctx.core.prisma.apiToken.count({
          where: { userId: user.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
        }),
    }),
    tokenScopes: t.field({
      type: [TokenScopeEnum],
      description: 'The scopes this user may give their API tokens: those of their role.',
      resolve: (user) => Object.values(TokenScope).filter((scope) => ROLE_SCOPES[user.role].includes(scopeOf(scope))),
    }),
  }),
});

const ApiTokenType = builder.prismaObject('ApiToken', {
  description:
    'An API token for tools and repair agents (Authorization: Bearer …). The token itself is shown once, when it is created.',
  fields: (t) => ({
    id: t.exposeInt('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The token’s first characters, to tell tokens apart.' }),
    scopes: t.expose('scopes', { type: [TokenScopeEnum] }),
    user: t.relation('user'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const SessionType = builder.prismaObject('Session', {
  description: 'A dashboard sign-in of the signed-in user, until it is signed out, ended or expires.',
  fields: (t) => ({
    id: t.exposeID('id'),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it signed in.' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    userAgent: t.exposeString('userAgent', { nullable: true, description: 'The browser it signed in with.' }),
    lastSeenAt: t.expose('lastSeenAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Its last request, to within a minute.',
    }),
    current: t.boolean({
      description: 'Whether this request comes from it.',
      resolve: (session, _args, ctx) => session.id === ctx.viewer?.sessionId,
    }),
  }),
});

type Created = { token: string; apiToken: Awaited<ReturnType<typeof createToken>>['record'] };
const CreatedApiToken = builder.objectRef<Created>('CreatedApiToken').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'Shown only now: store it where the tool reads it.' }),
    apiToken: t.field({ type: ApiTokenType, resolve: (created) => created.apiToken }),
  }),
});

builder.queryFields((t) => ({
  me: t.prismaField({
    type: UserType,
    description: 'The signed-in user, or the owner of the API token in use.',
    resolve: (query, _root, _args, ctx) => ctx.core.prisma.user.findUniqueOrThrow({ ...query, where: { id: me(ctx) } }),
  }),
  users: t.prismaField({
    type: [UserType],
    resolve: (query, _root, _args, ctx) => ctx.core.prisma.user.findMany({ ...query, orderBy: { id: 'asc' } }),
  }),
  sessions: t.prismaField({
    type: [SessionType],
    description: 'My dashboard sessions, newest first.',
    resolve: (query, _root, _args, ctx) =>
      ctx.core.prisma.session.findMany({
        ...query,
        where: { userId: me(ctx), expiresAt: { gt: new Date() } },
        orderBy: { createdAt: 'desc' },
      }),
  }),
  apiTokens: t.prismaField({
    type: [ApiTokenType],
    description: 'My tokens; for admins, everyone’s. Newest first.',
    resolve: (query, _root, _args, ctx) =>
      ctx.core.prisma.apiToken.findMany({
        ...query,
        where: isAdmin(ctx) ? {} : { userId: me(ctx) },
        orderBy: { id: 'desc' },
      }),
  }),
}));

const UserInput = builder.inputType('UserInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    name: t.string({ required: true }),
    role: t.field({ type: RoleEnum, required: true }),
    password: t.string({ required: true, description: `At least ${MIN_PASSWORD_LENGTH} characters.` }),
  }),
});
const UserUpdate = builder.inputType('UserUpdate', {
  fields: (t) => ({
    name: t.string(),
    role: t.field({ type: RoleEnum }),
    disabled: t.boolean(),
    password: t.string({ description: 'A new password; the user’s sessions end.' }),
    revokeTokens: t.boolean({
      description: 'Revoke every API token of the user (a new password alone leaves them working).',
    }),
  }),
});
const ApiTokenInput = builder.inputType('ApiTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    scopes: t.field({ type: [TokenScopeEnum], required: true }),
    expiresInDays: t.int({ description: 'Absent: the token does not expire.' }),
  }),
});

builder.mutationFields((t) => ({
  createUser: t.prismaField({
    type: UserType,
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: UserInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { password: secret, ...data } = validate(userInput, input);
      if (await ctx.core.prisma.user.count({ where: { email: data.email } }))
        throw new ValidationError([{ path: 'email', reason: 'is taken' }]);
      const user = await ctx.core.prisma.user.create({
        ...query,
        data: { ...data, passwordHash: await hashPassword(secret) },
      });
      audit(ctx, 'user_created', { userId: user.id, role: user.role }, 'user created');
      return user;
    },
  }),
  updateUser: t.prismaField({
    type: UserType,
    description: 'Rename, change the role of, disable (ending their sessions) or set a new password for a user.',
    errors: { types: [ValidationError, NotFoundError] },
    args: { id: t.arg.int({ required: true }), input: t.arg({ type: UserUpdate, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      const { password: secret, revokeTokens, ...data } = validate(userUpdate, input);
      if (!(await ctx.core.prisma.user.count({ where: { id } }))) throw new NotFoundError('User', String(id));
      if (id === me(ctx) && (data.disabled || (data.role && data.role !== 'ADMIN'))) {
        throw new ValidationError([{ path: 'role', reason: 'admins cannot demote or disable themselves' }]);
      }
      const passwordHash = secret ? await hashPassword(secret) : undefined;
      const [user] = await ctx.core.prisma.$transaction([
        ctx.core.prisma.user.update({
          ...query,
          where: { id },
          data: { ...data, ...(passwordHash ? { passwordHash } : {}) },
        }),
        ...(data.disabled || passwordHash ? [ctx.core.prisma.session.deleteMany({ where: { userId: id } })] : []),
        ...(revokeTokens
          ? [
              ctx.core.prisma.apiToken.updateMany({
                where: { userId: id, revokedAt: null },
                data: { revokedAt: new Date() },
              }),
            ]
          : []),
      ]);
      audit(
        ctx,
        'user_updated',
        { userId: id, ...data, passwordReset: !!passwordHash, tokensRevoked: !!revokeTokens },
        'user changed',
      );
      return user;
    },
  }),
  changePassword: t.prismaField({
    type: UserType,
    description:
      'Sets a new password for the signed-in user and signs out every other session (API tokens keep working: see activeApiTokens).',
    errors: { types: [ValidationError] },
    args: { current: t.arg.string({ required: true }), next: t.arg.string({ required: true }) },
    resolve: async (query, _root, { current, next }, ctx) => {
      const { next: secret } = validate(z.object({ current: z.string(), next: password }), { current, next });
      const user = await ctx.core.prisma.user.findUniqueOrThrow({ where: { id: me(ctx) } });
      if (!(await verifyPassword(current, user.passwordHash)))
        throw new ValidationError([{ path: 'current', reason: 'is not your password' }]);
      const passwordHash = await hashPassword(secret);
      // Whoever knew the old password may be signed in elsewhere: only this session stays.
      const [updated, ended] = await ctx.core.prisma.$transaction([
        ctx.core.prisma.user.update({ ...query, where: { id: user.id }, data: { passwordHash } }),
        ctx.core.prisma.session.deleteMany({
          where: { userId: user.id, ...(ctx.viewer!.sessionId ? { id: { not: ctx.viewer!.sessionId } } : {}) },
        }),
      ]);
      audit(ctx, 'password_changed', { sessionsEnded: ended.count }, 'password changed');
      return updated;
    },
  }),
  createApiToken: t.field({
    type: CreatedApiToken,
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: ApiTokenInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const data = validate(tokenInput, input);
      // Within what the caller has now: its role's scopes for a session, its own for a token.
      const viewer = ctx.viewer!;
      const beyond = data.scopes.filter((s) => !viewer.scopes.has(scopeOf(s)));
      const who = viewer.via === 'session' ? 'your role' : 'this token';
      if (beyond.length)
        throw new ValidationError([{ path: 'scopes', reason: `${who} does not allow ${beyond.join(', ')}` }]);
      const expiresAt = data.expiresInDays ? new Date(Date.now() + data.expiresInDays * 86_400_000) : null;
      const { token, record } = await createToken(ctx.core.prisma, me(ctx), data.name, data.scopes, expiresAt);
      audit(ctx, 'token_created', { tokenId: record.id, scopes: data.scopes }, 'API token created');
      return { token, apiToken: record };
    },
  }),
  endSessions: t.int({
    description:
      'Signs my sessions with these ids out (another browser, a lost laptop); returns how many ended. Ids of other users’ sessions are ignored.',
    args: { ids: t.arg.idList({ required: true }) },
    resolve: async (_root, { ids }, ctx) => {
      const { count } = await ctx.core.prisma.session.deleteMany({
        where: { userId: me(ctx), id: { in: ids.map(String) } },
      });
      if (count) audit(ctx, 'sessions_ended', { count }, 'sessions ended');
      return count;
    },
  }),
  revokeApiToken: t.prismaField({
    type: ApiTokenType,
    errors: { types: [NotFoundError] },
    args: { id: t.arg.int({ required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      const where = isAdmin(ctx) ? { id } : { id, userId: me(ctx) };
      if (!(await ctx.core.prisma.apiToken.count({ where }))) throw new NotFoundError('ApiToken', String(id));
      const revoked = await ctx.core.prisma.apiToken.update({
        ...query,
        where: { id },
        data: { revokedAt: new Date() },
      });
      audit(ctx, 'token_revoked', { tokenId: id }, 'API token revoked');
      return revoked;
    },
  }),
}));
