// Notification rules of a project, their deliveries and every delivery attempt.
import { z } from 'zod';
import { DeliveryStatus, IssueStatus, NotificationChannel } from '../generated/prisma/enums.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { noticeEvent } from '../notify/outbox.ts';
import { maskTarget } from '../notify/targets.ts';
import { validate } from '../validation.ts';
import { isEmailAddress } from '../email.ts';
import { builder } from './builder.ts';
import { IssueStatusEnum } from './enums.ts';

const ChannelEnum = builder.enumType(NotificationChannel, {
  name: 'NotificationChannel',
  description:
    'WEBHOOK: JSON, signed with HMAC-SHA256 when a secret is set. SLACK: an incoming webhook. DINGTALK: a robot webhook (with its signing secret). EMAIL: over SMTP (SMTP_URL).',
});
const DeliveryStatusEnum = builder.enumType(DeliveryStatus, { name: 'DeliveryStatus' });

builder.prismaObject('NotificationAttempt', {
  description: 'One try at sending a delivery.',
  fields: (t) => ({
    id: t.exposeInt('id'),
    attempt: t.exposeInt('attempt'),
    ok: t.exposeBoolean('ok'),
    responseStatus: t.exposeInt('responseStatus', { nullable: true }),
    error: t.exposeString('error', { nullable: true }),
    durationMs: t.exposeInt('durationMs'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('NotificationDelivery', {
  description: 'One message of a rule: the events it tells of (a storm is folded into one), and its fate.',
  fields: (t) => ({
    id: t.exposeInt('id'),
    status: t.expose('status', { type: DeliveryStatusEnum }),
    eventCount: t.exposeInt('eventCount', { description: 'All events in this message; `events` lists the first 20.' }),
    events: t.expose('events', { type: 'JSON' }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime' }),
    lastError: t.exposeString('lastError', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    sentAt: t.expose('sentAt', { type: 'DateTime', nullable: true }),
    attemptLog: t.relation('attemptsLog', { query: { orderBy: { id: 'asc' } } }),
  }),
});

export const NotificationRuleType = builder.prismaObject('NotificationRule', {
  description: 'Tells people or systems about new issues, regressions and chosen status changes of a project.',
  fields: (t) => ({
    id: t.exposeInt('id'),
    projectId: t.exposeString('projectId'),
    name: t.exposeString('name'),
    channel: t.expose('channel', { type: ChannelEnum }),
    target: t.string({
      description:
        'The webhook URL, or comma-separated email addresses. Whole for admins; for others only the scheme and host (or the domains), since webhook URLs carry their secret.',
      resolve: (rule, _args, ctx) =>
        ctx.viewer?.scopes.has('admin') ? rule.target : maskTarget(rule.channel, rule.target),
    }),
    hasSecret: t.boolean({
      description: 'Whether a signing secret is set (it is never shown).',
      resolve: (r) => !!r.secret,
    }),
    onNew: t.exposeBoolean('onNew'),
    onRegression: t.exposeBoolean('onRegression'),
    onStatuses: t.field({ type: [IssueStatusEnum], resolve: (r) => r.onStatuses }),
    enabled: t.exposeBoolean('enabled'),
    minIntervalSeconds: t.exposeInt('minIntervalSeconds'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    deliveries: t.relatedConnection(
      'deliveries',
      {
        cursor: 'id',
        description: 'Newest first.',
        totalCount: true,
        query: () => ({ orderBy: { id: 'desc' as const } }),
      },
      { name: 'NotificationDeliveryConnection' },
      { name: 'NotificationDeliveryEdge' },
    ),
  }),
});

builder.prismaObjectField('Project', 'notificationRules', (t) =>
  t.relation('notificationRules', { query: { orderBy: { id: 'asc' } } }),
);

const ruleFields = {
  name: z.string().trim().min(1, 'must not be empty').max(100),
  channel: z.enum(NotificationChannel),
  target: z.string().trim().min(1, 'must not be empty').max(2048),
  secret: z.string().max(500).nullable(),
  onNew: z.boolean(),
  onRegression: z.boolean(),
  onStatuses: z.array(z.enum(IssueStatus)),
  enabled: z.boolean(),
  minIntervalSeconds: z.number().int().min(0).max(86_400),
};

function checkTarget(
  rule: { channel?: string; target?: string; onNew?: boolean; onRegression?: boolean; onStatuses?: string[] },
  ctx: z.RefinementCtx,
) {
  if (rule.channel && rule.target !== undefined) {
    if (rule.channel === 'EMAIL') {
      const bad = rule.target
        .split(',')
        .map((a) => a.trim())
        .filter((a) => !isEmailAddress(a));
      if (bad.length)
        ctx.addIssue({ code: 'custom', path: ['target'], message: `not email addresses: ${bad.join(', ')}` });
    } else if (!/^https?:\/\/\S+$/.test(rule.target)) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'must be an http(s) URL' });
    }
  }
  if (rule.onNew === false && rule.onRegression === false && rule.onStatuses?.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['onNew'],
      message: 'choose at least one trigger: new issues, regressions or statuses',
    });
  }
}

const createSchema = z
  .object({
    ...ruleFields,
    secret: ruleFields.secret.optional(),
    onNew: ruleFields.onNew.default(true),
    onRegression: ruleFields.onRegression.default(true),
    onStatuses: ruleFields.onStatuses.default([]),
    enabled: ruleFields.enabled.default(true),
    minIntervalSeconds: ruleFields.minIntervalSeconds.default(60),
  })
  .superRefine(checkTarget);
const updateSchema = z.object(ruleFields).partial();

const RuleInput = builder.inputType('NotificationRuleInput', {
  description: 'Absent fields keep their value (or default, on create); secret null removes it.',
  fields: (t) => ({
    name: t.string(),
    channel: t.field({ type: ChannelEnum }),
    target: t.string(),
    secret: t.string(),
    onNew: t.boolean(),
    onRegression: t.boolean(),
    onStatuses: t.field({ type: [IssueStatusEnum] }),
    enabled: t.boolean(),
    minIntervalSeconds: t.int({ description: 'At most one message per this many seconds (default 60).' }),
  }),
});

const without = <T extends Record<string, unknown>>(input: T) =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };

async function requireRule(prisma: PrismaClient, id: number) {
  const rule = await prisma.notificationRule.findUnique({ where: { id } });
  if (!rule) throw new NotFoundError('NotificationRule', String(id));
  return rule;
}

builder.mutationFields((t) => ({
  createNotificationRule: t.prismaField({
    type: NotificationRuleType,
    errors: { types: [ValidationError, NotFoundError] },
    args: { projectId: t.arg.string({ required: true }), input: t.arg({ type: RuleInput, required: true }) },
    resolve: async (query, _root, { projectId, input }, ctx) => {
      const data = validate(createSchema, without(input));
      if (!(await ctx.core.prisma.project.count({ where: { id: projectId } })))
        throw new NotFoundError('Project', projectId);
      const rule = await ctx.core.prisma.notificationRule.create({ ...query, data: { ...data, projectId } });
      ctx.core.rules.changed();
      return rule;
    },
  }),
  updateNotificationRule: t.prismaField({
    type: NotificationRuleType,
    errors: { types: [ValidationError, NotFoundError] },
    args: { id: t.arg.int({ required: true }), input: t.arg({ type: RuleInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      const current = await requireRule(ctx.core.prisma, id);
      const changes = validate(updateSchema, without(input));
      // The rule as it will be must still make sense.
      validate(createSchema, { ...current, secret: current.secret ?? undefined, ...changes });
      const rule = await ctx.core.prisma.notificationRule.update({ ...query, where: { id }, data: changes });
      ctx.core.rules.changed();
      return rule;
    },
  }),
  deleteNotificationRule: t.prismaField({
    type: NotificationRuleType,
    errors: { types: [NotFoundError] },
    args: { id: t.arg.int({ required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      await requireRule(ctx.core.prisma, id);
      const rule = await ctx.core.prisma.notificationRule.delete({ ...query, where: { id } });
      ctx.core.rules.changed();
      return rule;
    },
  }),
  testNotificationRule: t.prismaField({
    type: 'NotificationDelivery',
    description: 'Queues a test message through the rule now (outside its interval); follow it in `deliveries`.',
    errors: { types: [NotFoundError] },
    args: { id: t.arg.int({ required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      await requireRule(ctx.core.prisma, id);
      return ctx.core.prisma.notificationDelivery.create({
        ...query,
        data: { ruleId: id, events: [noticeEvent({ kind: 'TEST', issue: null })], eventCount: 1 },
      });
    },
  }),
}));
