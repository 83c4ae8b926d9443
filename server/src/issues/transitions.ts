// Every status change made by people, agents and the claim sweeper goes through here: the
// issue row is locked, the change checked, the issue updated and a StatusTransition written
// in one transaction (with the notification event when rules may want it), and the event
// published after it commits. Regressions are the one other status change: the ingestion
// routine (prisma/routines/ingest_batch.sql) writes them in the batch's statement, with the
// wording and details of regression.ts.
import type { Issue, Prisma, StatusTransition } from '../generated/prisma/client.ts';
import type { IssueStatus } from '../generated/prisma/enums.ts';
import type { Core } from '../core.ts';
import { IllegalTransitionError, NotFoundError } from '../errors.ts';
import { allowedTransitions, canTransition } from './workflow.ts';
import type { TransitionDetails } from './transition-details.ts';
import { fixColumns, NO_FIX, type FixRelease } from './release-fixes.ts';
import { ValidationError } from '../errors.ts';

/** Who makes a change: the name the history shows, and the user behind it (none for the system). */
export type Actor = { name: string; userId?: number | null };
export const SYSTEM: Actor = { name: 'system' };

export type StatusChange = {
  issueId: number;
  to: IssueStatus;
  actor: Actor;
  note?: string | null;
  /** Kept on the transition; a function receives the issue as it was before the change. */
  details?: TransitionDetails | ((before: Issue) => TransitionDetails);
  /** Runs on the locked issue before the change; throw to refuse it. */
  check?: (issue: Issue) => void;
  /** Further columns to set with the status. */
  data?: Prisma.IssueUpdateInput;
};

export type Transitioned = { issue: Issue; transition: StatusTransition };

const releaseClaim = { claimedBy: null, claimedAt: null, claimExpiresAt: null } as const;

type Tx = Parameters<Parameters<Core['prisma']['$transaction']>[0]>[0];

/** Locks the issue's row for the rest of the transaction and reads it. */
export async function lockIssue(tx: Tx, issueId: number): Promise<Issue> {
  const locked = await tx.$queryRawUnsafe<{ id: number }[]>('SELECT id FROM issues WHERE id = $1 FOR UPDATE', issueId);
  if (locked.length === 0) throw new NotFoundError('Issue', String(issueId));
  return tx.issue.findUniqueOrThrow({ where: { id: issueId } });
}

/** The change, for the notification worker, when the project has an enabled rule (notify/outbox.ts). */
async function noteForNotifications(tx: Tx, projectId: string, issueId: number, transitionId: bigint) {
  await tx.$executeRawUnsafe(
    `INSERT INTO notification_events (issue_id, kind, transition_id)
     SELECT $1, 'STATUS_CHANGED', $2 WHERE EXISTS (SELECT 1 FROM notification_rules WHERE project_id = $3 AND enabled)`,
    issueId,
    transitionId,
    projectId,
  );
}

/** What a status change needs of the server. */
export type StatusDeps = Pick<Core, 'prisma' | 'events'>;

export async function changeStatus(core: StatusDeps, change: StatusChange): Promise<Transitioned> {
  const { issueId, to } = change;
  const result = await core.prisma.$transaction(async (tx) => {
    const current = await lockIssue(tx, issueId);
    change.check?.(current);
    if (!canTransition(current.status, to)) {
      throw new IllegalTransitionError(issueId, current.status, to, allowedTransitions(current.status));
    }
    const issue = await tx.issue.update({
      where: { id: issueId },
      data: {
        status: to,
        statusChangedAt: new Date(),
        // A claim lives only while its issue is FIXING.
        ...(current.status === 'FIXING' ? releaseClaim : {}),
        ...change.data,
      },
    });
    const details = typeof change.details === 'function' ? change.details(current) : change.details;
    const transition = await tx.statusTransition.create({
      data: {
        issueId,
        fromStatus: current.status,
        toStatus: to,
        actor: change.actor.name,
        userId: change.actor.userId ?? null,
        note: change.note ?? null,
        ...(details === undefined ? {} : { details }),
      },
    });
    await noteForNotifications(tx, issue.projectId, issueId, transition.id);
    return { issue, transition };
  });
  core.events.publish({ kind: 'STATUS_CHANGED', ...result });
  return result;
}

/**
 * The columns a move sets besides its status: a move into FIXED records the fix's release
 * (release-fixes.ts), a move back to NEW ends the fix.
 */
export async function fixData(
  core: StatusDeps,
  issueId: number,
  to: IssueStatus,
  release: FixRelease = {},
  commit: string | null = null,
): Promise<Prisma.IssueUpdateInput | undefined> {
  if (to === 'NEW') return NO_FIX;
  if (to !== 'FIXED') {
    if (release.inRelease || release.inNextRelease)
      throw new ValidationError([
        { path: release.inRelease ? 'inRelease' : 'inNextRelease', reason: 'only a move into FIXED names a release' },
      ]);
    return undefined;
  }
  const issue = await core.prisma.issue.findUnique({ where: { id: issueId }, select: { projectId: true } });
  if (!issue) throw new NotFoundError('Issue', String(issueId));
  return fixColumns(core.prisma, issue.projectId, release, commit);
}

/** A user's or tool's move along the workflow; into FIXED, optionally in a release or the next one. */
export async function transitionIssue(
  core: Core,
  issueId: number,
  to: IssueStatus,
  actor: Actor,
  note?: string | null,
  release?: FixRelease,
) {
  return changeStatus(core, { issueId, to, actor, note, data: await fixData(core, issueId, to, release) });
}

/** One per distinct issue asked for, in order: the move, or why it was refused. */
export type BulkResult = { results: (Transitioned | IllegalTransitionError | NotFoundError)[] };

/** Moves each issue on its own: one refused move does not stop the others. */
export async function transitionIssues(
  core: Core,
  issueIds: number[],
  to: IssueStatus,
  actor: Actor,
  note?: string | null,
): Promise<BulkResult> {
  const results: BulkResult['results'] = [];
  for (const issueId of new Set(issueIds)) {
    try {
      results.push(await transitionIssue(core, issueId, to, actor, note));
    } catch (error) {
      if (!(error instanceof IllegalTransitionError || error instanceof NotFoundError)) throw error;
      results.push(error);
    }
  }
  return { results };
}
