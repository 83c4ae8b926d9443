import { GraphQLError } from 'graphql';
import type { IssueStatus } from '../generated/prisma/enums.ts';
import { allowedTransitions } from '../issues/workflow.ts';
import { issueWhere } from '../issues/filter.ts';
import { parseSearch } from '../issues/search.ts';
import { occurrenceHistogram, resolveRange } from '../issues/stats.ts';
import { transitionIssue, transitionIssues, type BulkResult, type Transitioned } from '../issues/transitions.ts';
import { fixOf, type Fix } from '../issues/transition-details.ts';
import { builder } from './builder.ts';
import { IssueStatusEnum, LevelEnum, SortDirectionEnum, SourceEnum, TimeBucketEnum } from './enums.ts';
import { IllegalTransitionError, NotFoundError, ValidationError } from '../errors.ts';
import { ProjectType } from './project.ts';
import { issueForAgent, issueMarkdown } from '../issues/agent-markdown.ts';
import { commitUrl, repositoryOf } from '../releases/repositories.ts';

const ClaimType = builder.objectRef<{ agentId: string; claimedAt: Date; expiresAt: Date }>('Claim').implement({
  description: 'A repair agent’s hold on an issue while it is FIXING.',
  fields: (t) => ({
    agentId: t.exposeString('agentId'),
    claimedAt: t.expose('claimedAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

const HistogramBucketType = builder.objectRef<{ start: Date; count: number }>('HistogramBucket').implement({
  fields: (t) => ({ start: t.expose('start', { type: 'DateTime' }), count: t.exposeInt('count') }),
});

const FixDetailsType = builder.objectRef<Fix>('FixDetails').implement({
  description: 'What a repair agent reported with FIXED or FIX_FAILED.',
  fields: (t) => ({
    outcome: t.expose('outcome', { type: IssueStatusEnum }),
    commit: t.exposeString('commit', { nullable: true }),
    branch: t.exposeString('branch', { nullable: true }),
    prUrl: t.exposeString('prUrl', { nullable: true }),
    summary: t.exposeString('summary', { nullable: true }),
  }),
});

export const StatusTransitionType = builder.prismaObject('StatusTransition', {
  description: 'One move in an issue’s status history.',
  fields: (t) => ({
    id: t.id({ resolve: (tr) => tr.id.toString() }),
    issueId: t.exposeInt('issueId'),
    from: t.expose('fromStatus', { type: IssueStatusEnum }),
    to: t.expose('toStatus', { type: IssueStatusEnum }),
    actor: t.exposeString('actor', {
      description: 'A user or agent name; `system` for regressions and expired claims.',
    }),
    by: t.string({
      nullable: true,
      description:
        'The email of the signed-in user, or of the API token’s owner, who made the change, whatever `actor` says; null for the system’s own changes.',
      resolve: (tr, _args, ctx) => (tr.userId ? ctx.loaders.userEmail.load(tr.userId) : null),
    }),
    note: t.exposeString('note', { nullable: true }),
    details: t.expose('details', { type: 'JSON', nullable: true }),
    fix: t.field({
      type: FixDetailsType,
      nullable: true,
      resolve: (tr) => fixOf(tr.details),
    }),
    fixCommitUrl: t.string({
      nullable: true,
      description: 'The fix report’s commit in the project’s repository, when both are known.',
      select: { issue: { select: { project: { select: { repoUrl: true } } } } },
      resolve: (tr) => {
        const commit = fixOf(tr.details)?.commit;
        const repo = repositoryOf(tr.issue.project.repoUrl);
        return commit && repo ? commitUrl(repo, commit) : null;
      },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const OccurrenceType = builder.prismaObject('Occurrence', {
  description: 'One accepted report, in full.',
  fields: (t) => ({
    id: t.id({ resolve: (o) => o.id.toString() }),
    issueId: t.exposeInt('issueId'),
    timestamp: t.expose('timestamp', { type: 'DateTime' }),
    receivedAt: t.expose('receivedAt', { type: 'DateTime' }),
    source: t.expose('source', { type: SourceEnum }),
    level: t.expose('level', { type: LevelEnum }),
    environment: t.exposeString('environment'),
    message: t.exposeString('message'),
    filePath: t.exposeString('filePath', { nullable: true }),
    lineNumber: t.exposeInt('lineNumber', { nullable: true }),
    version: t.exposeString('version', { nullable: true }),
    commitHash: t.exposeString('commitHash', { nullable: true }),
    stackTrace: t.exposeStringList('stackTrace'),
    context: t.expose('context', { type: 'JSON', nullable: true }),
    remoteAddr: t.exposeString('remoteAddr', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
  }),
});

export const IssueType = builder.prismaObject('Issue', {
  description: 'One fingerprint: every report with it is an occurrence of this issue.',
  fields: (t) => ({
    id: t.exposeInt('id'),
    fingerprint: t.exposeString('fingerprint'),
    projectId: t.exposeString('projectId'),
    project: t.relation('project', { type: ProjectType }),
    source: t.expose('source', { type: SourceEnum }),
    level: t.expose('level', { type: LevelEnum }),
    errorType: t.exposeString('errorType'),
    message: t.exposeString('message'),
    filePath: t.exposeString('filePath', { nullable: true }),
    lineNumber: t.exposeInt('lineNumber', { nullable: true }),
    status: t.expose('status', { type: IssueStatusEnum }),
    statusChangedAt: t.expose('statusChangedAt', { type: 'DateTime' }),
    allowedTransitions: t.field({
      type: [IssueStatusEnum],
      description: 'Where `transitionIssue` can move this issue from its current status.',
      resolve: (issue) => [...allowedTransitions(issue.status)],
    }),
    firstSeen: t.expose('firstSeen', { type: 'DateTime' }),
    lastSeen: t.expose('lastSeen', { type: 'DateTime' }),
    occurrenceCount: t.exposeInt('occurrenceCount'),
    regressionCount: t.exposeInt('regressionCount'),
    lastRegressedAt: t.expose('lastRegressedAt', { type: 'DateTime', nullable: true }),
    environments: t.exposeStringList('environments'),
    claim: t.field({
      type: ClaimType,
      nullable: true,
      resolve: (issue) =>
        issue.status === 'FIXING' && issue.claimedBy && issue.claimedAt && issue.claimExpiresAt
          ? { agentId: issue.claimedBy, claimedAt: issue.claimedAt, expiresAt: issue.claimExpiresAt }
          : null,
    }),
    occurrences: t.relatedConnection(
      'occurrences',
      {
        cursor: 'id',
        description: 'Newest first.',
        totalCount: true,
        query: () => ({ orderBy: [{ timestamp: 'desc' as const }, { id: 'desc' as const }] }),
      },
      { name: 'OccurrenceConnection' },
      { name: 'OccurrenceEdge' },
    ),
    transitions: t.relation('transitions', {
      description: 'The status history, oldest first.',
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
    agentMarkdown: t.string({
      description: 'The issue as an AI coding agent reads it (the MCP get_issue tool’s Markdown).',
      resolve: async (issue, _args, ctx) => issueMarkdown((await issueForAgent(ctx.core.prisma, issue.id))!),
    }),
    histogram: t.field({
      type: [HistogramBucketType],
      description:
        'Occurrences per hour or day (UTC), empty buckets included. Defaults to the last 48 hours or 30 days.',
      args: {
        bucket: t.arg({ type: TimeBucketEnum, defaultValue: 'HOUR', required: true }),
        from: t.arg({ type: 'DateTime' }),
        to: t.arg({ type: 'DateTime' }),
      },
      resolve: (issue, { bucket, from, to }, ctx) =>
        occurrenceHistogram(ctx.core.prisma, issue.id, resolveRange(bucket, from, to)),
    }),
  }),
});

const IssueFilterInput = builder.inputType('IssueFilter', {
  description: 'All given conditions must hold; the values of a list are alternatives.',
  fields: (t) => ({
    projectIds: t.stringList(),
    statuses: t.field({ type: [IssueStatusEnum] }),
    sources: t.field({ type: [SourceEnum] }),
    levels: t.field({ type: [LevelEnum] }),
    environment: t.string({ description: 'Issues seen in this environment.' }),
    search: t.string({ description: 'Text in the error type, message or file (case-insensitive).' }),
    firstSeenAfter: t.field({ type: 'DateTime' }),
    firstSeenBefore: t.field({ type: 'DateTime' }),
    lastSeenAfter: t.field({ type: 'DateTime' }),
    lastSeenBefore: t.field({ type: 'DateTime' }),
  }),
});

const IssueOrderFieldEnum = builder.enumType('IssueOrderField', {
  values: ['LAST_SEEN', 'FIRST_SEEN', 'COUNT'] as const,
});
const ORDER_COLUMN = { LAST_SEEN: 'lastSeen', FIRST_SEEN: 'firstSeen', COUNT: 'occurrenceCount' } as const;

const IssueOrderInput = builder.inputType('IssueOrder', {
  fields: (t) => ({
    field: t.field({ type: IssueOrderFieldEnum, required: true }),
    direction: t.field({ type: SortDirectionEnum, defaultValue: 'DESC', required: true }),
  }),
});

function searchTerms(query: string | null | undefined) {
  if (!query) return undefined;
  const terms = parseSearch(query);
  if (terms.problems.length) {
    throw new GraphQLError(`query: ${terms.problems.join('; ')}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return terms;
}

builder.queryFields((t) => ({
  issues: t.prismaConnection(
    {
      type: IssueType,
      cursor: 'id',
      description: 'Issues matching the filter and the search query, newest activity first by default.',
      args: {
        filter: t.arg({ type: IssueFilterInput }),
        query: t.arg.string({
          description:
            'Search syntax: `status:NEW,VERIFYING source:cicd level:error env:production project:rtc_backend` plus free text.',
        }),
        orderBy: t.arg({ type: IssueOrderInput }),
      },
      totalCount: (_connection, { filter, query }, ctx) =>
        ctx.core.prisma.issue.count({ where: issueWhere(filter ?? {}, searchTerms(query)) }),
      resolve: (query, _root, args, ctx) => {
        const direction = (args.orderBy?.direction ?? 'DESC') === 'ASC' ? 'asc' : 'desc';
        const column = ORDER_COLUMN[args.orderBy?.field ?? 'LAST_SEEN'];
        return ctx.core.prisma.issue.findMany({
          ...query,
          where: issueWhere(args.filter ?? {}, searchTerms(args.query)),
          orderBy: [{ [column]: direction }, { id: direction }],
        });
      },
    },
    { name: 'IssueConnection' },
    { name: 'IssueEdge' },
  ),
  issue: t.prismaField({
    type: IssueType,
    nullable: true,
    args: { id: t.arg.int({ required: true }) },
    resolve: (query, _root, { id }, ctx) => ctx.core.prisma.issue.findUnique({ ...query, where: { id } }),
  }),
}));

export const TransitionResultType = builder.objectRef<Transitioned>('TransitionResult').implement({
  description: 'The issue after a status change, and the change itself.',
  fields: (t) => ({
    issue: t.field({ type: IssueType, resolve: (r) => r.issue }),
    transition: t.field({ type: StatusTransitionType, resolve: (r) => r.transition }),
  }),
});

builder.mutationFields((t) => ({
  transitionIssue: t.field({
    type: TransitionResultType,
    description:
      'Moves an issue along the workflow; an illegal move returns IllegalTransitionError with the allowed targets.',
    errors: { types: [IllegalTransitionError, NotFoundError, ValidationError] },
    args: {
      id: t.arg.int({ required: true }),
      to: t.arg({ type: IssueStatusEnum, required: true }),
      note: t.arg.string({ description: 'Why; kept in the status history.' }),
      inRelease: t.arg.string({
        description: 'Into FIXED: the release with the fix; occurrences of older releases will not reopen it.',
      }),
      inNextRelease: t.arg.boolean({
        description: 'Into FIXED: the fix ships in the next release made for the project.',
      }),
    },
    resolve: (_root, { id, to, note, inRelease, inNextRelease }, ctx) =>
      transitionIssue(ctx.core, id, to as IssueStatus, ctx.actor, note, { inRelease, inNextRelease }),
  }),
}));

const BulkResultType = builder.objectRef<BulkResult>('BulkTransitionResult').implement({
  description: 'Each issue is moved on its own; a refused move does not stop the others.',
  fields: (t) => ({
    results: t.field({
      type: [TransitionResultType],
      description: 'One per issue, in the order asked: the move, or why it was refused.',
      itemErrors: { types: [IllegalTransitionError, NotFoundError], union: { name: 'BulkTransitionItem' } },
      // itemErrors turns the error items into their GraphQL types; Pothos types the list without them.
      resolve: (r) => r.results as Transitioned[],
    }),
    succeeded: t.int({ resolve: (r) => r.results.filter((x) => !(x instanceof Error)).length }),
    failed: t.int({ resolve: (r) => r.results.filter((x) => x instanceof Error).length }),
  }),
});

builder.mutationField('transitionIssues', (t) =>
  t.field({
    type: BulkResultType,
    description: 'Bulk triage: moves every listed issue to `to`.',
    errors: { types: [ValidationError] },
    args: {
      ids: t.arg.intList({ required: true }),
      to: t.arg({ type: IssueStatusEnum, required: true }),
      note: t.arg.string({ description: 'Why; kept in the status history.' }),
    },
    resolve: (_root, { ids, to, note }, ctx) => {
      if (ids.length > 500) throw new ValidationError([{ path: 'ids', reason: 'at most 500 issues at once' }]);
      return transitionIssues(ctx.core, ids, to as IssueStatus, ctx.actor, note);
    },
  }),
);
