// The repair-agent protocol: claim a PENDING_FIX issue, keep the claim alive, hand it back,
// or report the fix. See also the `pendingFixIssues` subscription.
import { z } from 'zod';
import { claimIssue, MAX_LEASE_SECONDS, releaseClaim, renewClaim, reportFix } from '../issues/claims.ts';
import { validate } from '../validation.ts';
import { builder } from './builder.ts';
import { ClaimConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { IssueType, TransitionResultType } from './issue.ts';
import type { Context } from './context.ts';
import type { Actor } from '../issues/transitions.ts';

const agentId = z.string().trim().min(1, 'must not be empty').max(200);
const leaseSeconds = z.number().int().min(1).max(MAX_LEASE_SECONDS);
const claimArgs = z.object({ agentId, leaseSeconds });
const optionalText = (max: number) => z.string().max(max).nullish();
const fixArgs = z.object({
  agentId,
  commit: optionalText(200),
  branch: optionalText(500),
  prUrl: z.url().max(2048).nullish(),
  summary: optionalText(20_000),
});

const FixOutcomeEnum = builder.enumType('FixOutcome', { values: ['FIXED', 'FIX_FAILED'] as const });

const ReportFixInput = builder.inputType('ReportFixInput', {
  fields: (t) => ({
    issueId: t.int({ required: true }),
    agentId: t.string({ required: true, description: 'The agent holding the claim.' }),
    outcome: t.field({ type: FixOutcomeEnum, required: true }),
    commit: t.string({ description: 'Commit with the fix.' }),
    branch: t.string(),
    prUrl: t.string({ description: 'Pull request for review.' }),
    summary: t.string({ description: 'What was changed, or why the fix failed.' }),
    inRelease: t.string({
      description:
        'FIXED: the release with the fix. Without it (nor inNextRelease), the release whose commits include `commit`, once there is one.',
    }),
    inNextRelease: t.boolean({ description: 'FIXED: the fix ships in the next release made for the project.' }),
  }),
});

/** The agent names itself; the user whose token it runs with is recorded beside it. */
const agentOf = (ctx: Context, name: string): Actor => ({ name, userId: ctx.actor.userId ?? null });

const leaseArg = (description: string) => ({ defaultValue: 600, required: true as const, description });

builder.mutationFields((t) => ({
  claimIssue: t.field({
    type: TransitionResultType,
    description:
      'Atomically moves a PENDING_FIX issue to FIXING for this agent. Of many concurrent claimers exactly one wins; the others get ClaimConflictError. The claim expires after `leaseSeconds` unless renewed, and the issue returns to PENDING_FIX.',
    errors: { types: [ClaimConflictError, NotFoundError, ValidationError] },
    args: {
      id: t.arg.int({ required: true }),
      agentId: t.arg.string({ required: true }),
      leaseSeconds: t.arg.int(leaseArg('How long the claim holds without renewal.')),
    },
    resolve: (_root, args, ctx) => {
      const { agentId, leaseSeconds } = validate(claimArgs, args);
      return claimIssue(ctx.core, args.id, agentOf(ctx, agentId), leaseSeconds);
    },
  }),
  renewClaim: t.field({
    type: IssueType,
    description: 'Extends the holder’s claim to `leaseSeconds` from now.',
    errors: { types: [ClaimConflictError, NotFoundError, ValidationError] },
    args: {
      id: t.arg.int({ required: true }),
      agentId: t.arg.string({ required: true }),
      leaseSeconds: t.arg.int(leaseArg('New lease, counted from now.')),
    },
    resolve: (_root, args, ctx) => {
      const { agentId, leaseSeconds } = validate(claimArgs, args);
      return renewClaim(ctx.core, args.id, agentId, leaseSeconds);
    },
  }),
  releaseClaim: t.field({
    type: TransitionResultType,
    description: 'The holder gives the issue back: FIXING → PENDING_FIX, offered to agents again.',
    errors: { types: [ClaimConflictError, NotFoundError, ValidationError] },
    args: { id: t.arg.int({ required: true }), agentId: t.arg.string({ required: true }), note: t.arg.string() },
    resolve: (_root, args, ctx) =>
      releaseClaim(ctx.core, args.id, agentOf(ctx, validate(agentId, args.agentId)), args.note),
  }),
  reportFix: t.field({
    type: TransitionResultType,
    description:
      'The holder reports FIXED (with commit, branch, PR) or FIX_FAILED (with the reason in summary); the details are kept on the transition. VERIFIED and DEPLOYED then come through transitionIssue.',
    errors: { types: [ClaimConflictError, NotFoundError, ValidationError] },
    args: { input: t.arg({ type: ReportFixInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const fix = validate(fixArgs, input);
      return reportFix(
        ctx.core,
        input.issueId,
        agentOf(ctx, fix.agentId),
        { ...fix, outcome: input.outcome },
        { inRelease: input.inRelease, inNextRelease: input.inNextRelease },
      );
    },
  }),
}));
