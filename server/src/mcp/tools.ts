// The MCP tools: each is the GraphQL root field it stands for (whose entry in the permission
// table decides who may call it), an input and an output schema, and a thin call into the
// same domain functions GraphQL uses.
import { z } from 'zod';
import type { Core } from '../core.ts';
import type { Viewer } from '../auth/accounts.ts';
import { ROOT_FIELDS, type Requirement } from '../auth/permissions.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { IssueStatus } from '../generated/prisma/enums.ts';
import {
  claimIssue,
  claimNextIssue,
  MAX_LEASE_SECONDS,
  releaseClaim,
  renewClaim,
  reportFix,
} from '../issues/claims.ts';
import { issueWhere } from '../issues/filter.ts';
import { parseSearch } from '../issues/search.ts';
import { transitionIssue } from '../issues/transitions.ts';
import type { Issue } from '../generated/prisma/client.ts';
import { issueForAgent, issueMarkdown, markedTrace } from '../issues/agent-markdown.ts';
import { buildRef } from '../builds/builds.ts';
import { ESCAPES } from '../builds/ansi.ts';
import { reportedBuild, type BuildKey } from '../builds/store.ts';

export type ToolResult = { text: string; structured: Record<string, unknown> };

type Tool<I extends z.ZodRawShape, O extends z.ZodRawShape> = {
  description: string;
  /** The GraphQL root field this tool does the work of: its permission is the tool's. */
  field: { type: 'Query' | 'Mutation'; name: string };
  input: I;
  output: O;
  run: (core: Core, viewer: Viewer, args: z.infer<z.ZodObject<I>>) => Promise<ToolResult>;
};

const tool = <I extends z.ZodRawShape, O extends z.ZodRawShape>(t: Tool<I, O>) => t;

export const requirementOf = (t: { field: Tool<z.ZodRawShape, z.ZodRawShape>['field'] }): Requirement =>
  ROOT_FIELDS[t.field.type][t.field.name]!;

const issueSummary = z.object({
  id: z.number(),
  projectId: z.string(),
  errorType: z.string(),
  message: z.string(),
  level: z.string(),
  status: z.string(),
  occurrenceCount: z.number(),
  lastSeen: z.string(),
});
const summaryOf = (i: Issue): z.infer<typeof issueSummary> => ({
  id: i.id,
  projectId: i.projectId,
  errorType: i.errorType,
  message: i.message,
  level: i.level,
  status: i.status,
  occurrenceCount: i.occurrenceCount,
  lastSeen: i.lastSeen.toISOString(),
});
const line = (i: Issue) => `#${i.id} [${i.status}] ${i.projectId} ${i.errorType}: ${i.message.slice(0, 200)}`;

const agentId = z.string().trim().min(1).max(200).describe('Your agent id: claims are held by it');
const leaseSeconds = z.number().int().min(1).max(MAX_LEASE_SECONDS).default(600).describe('How long the claim holds');
const issueId = z.number().int().positive();
const agent = (viewer: Viewer, id: string) => ({ name: id, userId: viewer.user.id });
const moved = z.object({ issueId: z.number(), status: z.string() });

/** The build a get_build_log call means: named, or the one the issue's latest occurrence came from. */
async function buildKeyOf(
  core: Core,
  args: { issueId?: number; projectId?: string; pipeline?: string; build?: string },
): Promise<BuildKey> {
  if (args.projectId && args.pipeline && args.build)
    return { projectId: args.projectId, pipeline: args.pipeline, number: args.build };
  if (!args.issueId)
    throw new ValidationError([
      { path: 'issueId', reason: 'is required unless projectId, pipeline and build are given' },
    ]);
  const latest = await core.prisma.occurrence.findFirst({
    where: { issueId: args.issueId },
    orderBy: [{ timestamp: 'desc' }, { id: 'desc' }],
  });
  const key = latest && reportedBuild(latest);
  if (!key) throw new NotFoundError('Build', `of issue ${args.issueId} (its latest occurrence names no CI run)`);
  return key;
}

export const TOOLS = {
  list_projects: tool({
    description: 'Every project, with where its code is (repo_url, local_path) and its open issues.',
    field: { type: 'Query', name: 'projects' },
    input: {},
    output: {
      projects: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          repoUrl: z.string().nullable(),
          localPath: z.string().nullable(),
        }),
      ),
    },
    run: async (core) => {
      const projects = await core.prisma.project.findMany({ orderBy: { id: 'asc' } });
      const rows = projects.map((p) => ({ id: p.id, name: p.name, repoUrl: p.repoUrl, localPath: p.localPath }));
      return {
        text:
          rows.map((p) => `${p.id} — ${p.name}; repo ${p.repoUrl ?? '—'}; path ${p.localPath ?? '—'}`).join('\n') ||
          'No projects.',
        structured: { projects: rows },
      };
    },
  }),

  search_issues: tool({
    description:
      'Issues matching the dashboard’s search syntax, e.g. `status:PENDING_FIX source:cicd env:production project:rtc_backend` plus words, the most recently seen first. Page with `after`.',
    field: { type: 'Query', name: 'issues' },
    input: {
      query: z.string().max(2000).default(''),
      first: z.number().int().min(1).max(100).default(20),
      after: z.number().int().optional().describe('The `nextCursor` of the previous page'),
    },
    output: { issues: z.array(issueSummary), nextCursor: z.number().nullable() },
    run: async (core, _viewer, { query, first, after }) => {
      const terms = query ? parseSearch(query) : undefined;
      if (terms?.problems.length)
        throw new ValidationError(terms.problems.map((reason) => ({ path: 'query', reason })));
      const found = await core.prisma.issue.findMany({
        where: issueWhere({}, terms),
        orderBy: [{ lastSeen: 'desc' }, { id: 'desc' }],
        take: first + 1,
        ...(after ? { cursor: { id: after }, skip: 1 } : {}),
      });
      const page = found.slice(0, first);
      return {
        text: page.map(line).join('\n') || 'No issues match.',
        structured: { issues: page.map(summaryOf), nextCursor: found.length > first ? page.at(-1)!.id : null },
      };
    },
  }),

  get_issue: tool({
    description:
      'Everything to start on an issue: what and where, counts, releases, the stack trace, the latest occurrences with their context, the status history, the claim, and the project’s repo_url and local_path.',
    field: { type: 'Query', name: 'issue' },
    input: { issueId },
    output: { issue: issueSummary.extend({ markdown: z.string() }).passthrough() },
    run: async (core, _viewer, { issueId: id }) => {
      const issue = await issueForAgent(core.prisma, id);
      if (!issue) throw new NotFoundError('Issue', String(id));
      const markdown = issueMarkdown(issue);
      return {
        text: markdown,
        structured: {
          issue: {
            ...summaryOf(issue),
            markdown,
            filePath: issue.filePath,
            lineNumber: issue.lineNumber,
            firstSeen: issue.firstSeen.toISOString(),
            firstRelease: issue.firstRelease,
            lastRelease: issue.lastRelease,
            claimedBy: issue.claimedBy,
            claimExpiresAt: issue.claimExpiresAt?.toISOString() ?? null,
            repoUrl: issue.project.repoUrl,
            localPath: issue.project.localPath,
            stackTrace: markedTrace(issue.occurrences[0]?.stackTrace ?? []),
          },
        },
      };
    },
  }),

  get_occurrences: tool({
    description:
      'An issue’s occurrences, newest first, each with its context (scrubbed as stored) and stack trace. Page with `after`.',
    field: { type: 'Query', name: 'issue' },
    input: {
      issueId,
      first: z.number().int().min(1).max(50).default(10),
      after: z
        .string()
        .regex(/^\d{1,19}$/)
        .optional()
        .describe('The `nextCursor` of the previous page'),
    },
    output: {
      occurrences: z.array(
        z.object({
          id: z.string(),
          timestamp: z.string(),
          environment: z.string(),
          version: z.string().nullable(),
          commitHash: z.string().nullable(),
          message: z.string(),
          stackTrace: z.array(z.string()),
          context: z.unknown(),
        }),
      ),
      nextCursor: z.string().nullable(),
    },
    run: async (core, _viewer, { issueId: id, first, after }) => {
      if (!(await core.prisma.issue.count({ where: { id } }))) throw new NotFoundError('Issue', String(id));
      const found = await core.prisma.occurrence.findMany({
        where: { issueId: id },
        orderBy: [{ timestamp: 'desc' }, { id: 'desc' }],
        take: first + 1,
        ...(after ? { cursor: { id: BigInt(after) }, skip: 1 } : {}),
      });
      const page = found.slice(0, first).map((o) => ({
        id: o.id.toString(),
        timestamp: o.timestamp.toISOString(),
        environment: o.environment,
        version: o.version,
        commitHash: o.commitHash,
        message: o.message,
        stackTrace: o.stackTrace,
        context: o.context,
      }));
      return {
        text:
          page
            .map(
              (o) => `${o.timestamp} ${o.environment}${o.version ? ` ${o.version}` : ''}: ${o.message.slice(0, 200)}`,
            )
            .join('\n') || 'No occurrences.',
        structured: { occurrences: page, nextCursor: found.length > first ? page.at(-1)!.id : null },
      };
    },
  }),

  get_build_log: tool({
    description:
      'The lines of a CI build’s failing step (or of the step named by `tag`, else the end of the log): of the build the issue’s latest occurrence came from, or of one named by project, pipeline and build.',
    field: { type: 'Query', name: 'build' },
    input: {
      issueId: issueId.optional(),
      projectId: z.string().max(200).optional(),
      pipeline: z.string().max(200).optional(),
      build: z.string().max(200).optional(),
      tag: z.string().max(200).optional(),
      lines: z.number().int().min(1).max(2000).default(200).describe('How many lines, from the end of the step'),
    },
    output: {
      build: z.object({ projectId: z.string(), pipeline: z.string(), number: z.string(), status: z.string() }),
      step: z.string().nullable(),
      lines: z.array(z.object({ lineNo: z.number(), message: z.string() })),
    },
    run: async (core, _viewer, args) => {
      const key = await buildKeyOf(core, args);
      const { build, executeCount, steps, lineCount } = await core.builds.reading(key, undefined);
      const step = args.tag ? steps.find((s) => s.tag === args.tag) : steps.find((s) => s.status === 'FAILURE');
      if (args.tag && !step)
        throw new NotFoundError('Build', `${key.projectId}/${key.pipeline}/${key.number} step ${args.tag}`);
      const page = await core.builds.store.page(buildRef(build), {
        executeCount,
        tag: step?.tag,
        start: step?.firstLineNo ?? 1,
        end: step?.lastLineNo ?? lineCount,
        num: args.lines,
        fromStart: false,
      });
      const lines = [...page.lines]
        .sort((a, b) => a.lineNo - b.lineNo)
        .map((l) => ({ lineNo: l.lineNo, message: l.message.replace(ESCAPES, '') }));
      const title = `${key.projectId} / ${key.pipeline} #${key.number} (${build.status})${step ? `, step ${step.tag}` : ''}`;
      return {
        text: `${title}\n\n${lines.map((l) => `${l.lineNo}: ${l.message}`).join('\n') || '(no lines)'}`,
        structured: {
          build: { projectId: key.projectId, pipeline: key.pipeline, number: key.number, status: build.status },
          step: step?.tag ?? null,
          lines,
        },
      };
    },
  }),

  claim_next_issue: tool({
    description:
      'Claims the oldest issue waiting for a fix (PENDING_FIX), of one project when given; it moves to FIXING, held by your agent id until the lease ends. Of agents asking at once, each issue goes to exactly one.',
    field: { type: 'Mutation', name: 'claimIssue' },
    input: { agentId, leaseSeconds, projectId: z.string().max(200).optional() },
    output: { issue: issueSummary.nullable(), claimExpiresAt: z.string().nullable() },
    run: async (core, viewer, args) => {
      const claimed = await claimNextIssue(core, agent(viewer, args.agentId), args.leaseSeconds, args.projectId);
      if (!claimed)
        return { text: 'No issue is waiting for a fix.', structured: { issue: null, claimExpiresAt: null } };
      const expires = claimed.issue.claimExpiresAt!.toISOString();
      return {
        text: `Claimed ${line(claimed.issue)} until ${expires}. Call get_issue for the details.`,
        structured: { issue: summaryOf(claimed.issue), claimExpiresAt: expires },
      };
    },
  }),

  claim_issue: tool({
    description: 'Claims one PENDING_FIX issue (→ FIXING) for your agent id.',
    field: { type: 'Mutation', name: 'claimIssue' },
    input: { issueId, agentId, leaseSeconds },
    output: { issue: issueSummary, claimExpiresAt: z.string() },
    run: async (core, viewer, args) => {
      const { issue } = await claimIssue(core, args.issueId, agent(viewer, args.agentId), args.leaseSeconds);
      const expires = issue.claimExpiresAt!.toISOString();
      return {
        text: `Claimed ${line(issue)} until ${expires}.`,
        structured: { issue: summaryOf(issue), claimExpiresAt: expires },
      };
    },
  }),

  renew_claim: tool({
    description: 'Extends your claim’s lease while you work.',
    field: { type: 'Mutation', name: 'renewClaim' },
    input: { issueId, agentId, leaseSeconds },
    output: { issueId: z.number(), claimExpiresAt: z.string() },
    run: async (core, _viewer, args) => {
      const issue = await renewClaim(core, args.issueId, args.agentId, args.leaseSeconds);
      const expires = issue.claimExpiresAt!.toISOString();
      return {
        text: `Claim on #${issue.id} renewed until ${expires}.`,
        structured: { issueId: issue.id, claimExpiresAt: expires },
      };
    },
  }),

  release_claim: tool({
    description: 'Gives the issue back (→ PENDING_FIX) for another agent, with why.',
    field: { type: 'Mutation', name: 'releaseClaim' },
    input: { issueId, agentId, note: z.string().max(2000).optional() },
    output: moved.shape,
    run: async (core, viewer, args) => {
      const { issue } = await releaseClaim(core, args.issueId, agent(viewer, args.agentId), args.note);
      return {
        text: `Released #${issue.id}; it is ${issue.status} again.`,
        structured: { issueId: issue.id, status: issue.status },
      };
    },
  }),

  report_fix: tool({
    description:
      'Reports your claimed issue FIXED (with commit, branch, prUrl and a summary; optionally the release it ships in) or FIX_FAILED (with the reason in summary).',
    field: { type: 'Mutation', name: 'reportFix' },
    input: {
      issueId,
      agentId,
      outcome: z.enum(['FIXED', 'FIX_FAILED']),
      commit: z.string().max(200).optional(),
      branch: z.string().max(500).optional(),
      prUrl: z.url().max(2048).optional(),
      summary: z.string().max(20_000).optional(),
      inRelease: z.string().max(200).optional(),
      inNextRelease: z.boolean().optional(),
    },
    output: moved.shape,
    run: async (core, viewer, args) => {
      const { issueId: id, agentId: who, inRelease, inNextRelease, ...fix } = args;
      const { issue } = await reportFix(core, id, agent(viewer, who), fix, { inRelease, inNextRelease });
      return { text: `#${issue.id} is now ${issue.status}.`, structured: { issueId: issue.id, status: issue.status } };
    },
  }),

  transition_issue: tool({
    description: 'Moves an issue along the workflow; a move it does not allow is refused with the moves it does.',
    field: { type: 'Mutation', name: 'transitionIssue' },
    input: { issueId, to: z.enum(IssueStatus), note: z.string().max(2000).optional() },
    output: moved.shape,
    run: async (core, viewer, args) => {
      const actor = { name: viewer.user.email, userId: viewer.user.id };
      const { issue } = await transitionIssue(core, args.issueId, args.to, actor, args.note);
      return { text: `#${issue.id} is now ${issue.status}.`, structured: { issueId: issue.id, status: issue.status } };
    },
  }),
};
