// Repair-agent claims. An agent claims a PENDING_FIX issue (→ FIXING) for a lease; of many
// concurrent claimers exactly one wins, because the claim is a status change on a locked
// row. The holder renews, releases, or reports the outcome; a lease left to expire hands
// the issue back to PENDING_FIX (actor `system`) so that it is offered again.
import type { Issue } from '../generated/prisma/client.ts';
import type { Core } from '../core.ts';
import { ClaimConflictError, NotFoundError } from '../errors.ts';
import type { FixRelease } from './release-fixes.ts';
import { changeStatus, fixData, lockIssue, SYSTEM, type Actor, type Transitioned } from './transitions.ts';
import { expiredClaimOf, type Fix } from './transition-details.ts';

export const MAX_LEASE_SECONDS = 24 * 3600;

const leaseEnd = (seconds: number) => new Date(Date.now() + seconds * 1000);

function conflict(issue: Issue, reason: string) {
  return new ClaimConflictError(issue.id, issue.status, issue.claimedBy, issue.claimExpiresAt, reason);
}

function requireHolder(agentId: string) {
  return (issue: Issue) => {
    if (issue.status !== 'FIXING') throw conflict(issue, `is ${issue.status}, not claimed`);
    if (issue.claimedBy !== agentId)
      throw conflict(issue, `is claimed by ${issue.claimedBy ?? 'nobody'}, not ${agentId}`);
  };
}

/** `agent`: the agent id as its name, and the user whose token it runs with. */
export function claimIssue(core: Core, issueId: number, agent: Actor, leaseSeconds: number): Promise<Transitioned> {
  const agentId = agent.name;
  const expiresAt = leaseEnd(leaseSeconds);
  return changeStatus(core, {
    issueId,
    to: 'FIXING',
    actor: agent,
    note: `claimed for ${leaseSeconds}s`,
    details: { claim: { agentId, leaseSeconds, expiresAt: expiresAt.toISOString() } },
    check: (issue) => {
      if (issue.status === 'FIXING') throw conflict(issue, `is already claimed by ${issue.claimedBy ?? 'someone'}`);
      if (issue.status !== 'PENDING_FIX')
        throw conflict(issue, `is ${issue.status}; only PENDING_FIX issues can be claimed`);
    },
    data: { claimedBy: agentId, claimedAt: new Date(), claimExpiresAt: expiresAt },
  });
}

export async function renewClaim(core: Core, issueId: number, agentId: string, leaseSeconds: number): Promise<Issue> {
  return core.prisma.$transaction(async (tx) => {
    requireHolder(agentId)(await lockIssue(tx, issueId));
    return tx.issue.update({ where: { id: issueId }, data: { claimExpiresAt: leaseEnd(leaseSeconds) } });
  });
}

export function releaseClaim(core: Core, issueId: number, agent: Actor, note?: string | null): Promise<Transitioned> {
  return changeStatus(core, {
    issueId,
    to: 'PENDING_FIX',
    actor: agent,
    note: note ?? 'claim released',
    check: requireHolder(agent.name),
  });
}

/** What the holder reports; what it leaves out is kept as null. */
export type FixReport = Pick<Fix, 'outcome'> & Partial<Omit<Fix, 'outcome'>>;

/** Only the holder of the claim may report; the fix details are kept on the transition. */
export async function reportFix(
  core: Core,
  issueId: number,
  agent: Actor,
  fix: FixReport,
  release: FixRelease = {},
): Promise<Transitioned> {
  const { outcome, commit = null, branch = null, prUrl = null, summary = null } = fix;
  return changeStatus(core, {
    issueId,
    to: outcome,
    actor: agent,
    note: summary,
    details: { fix: { outcome, commit, branch, prUrl, summary } },
    check: requireHolder(agent.name),
    data: await fixData(core, issueId, outcome, release, commit),
  });
}

/** Hands every issue whose lease has run out back to PENDING_FIX. */
export async function expireClaims(core: Core, now = new Date()): Promise<Transitioned[]> {
  const expired = await core.prisma.issue.findMany({
    where: { status: 'FIXING', claimExpiresAt: { lt: now } },
    select: { id: true },
    take: 100,
  });
  const handedBack: Transitioned[] = [];
  for (const { id } of expired) {
    try {
      handedBack.push(
        await changeStatus(core, {
          issueId: id,
          to: 'PENDING_FIX',
          actor: SYSTEM,
          check: (issue) => {
            // Renewed or reported meanwhile: leave it.
            if (issue.status !== 'FIXING' || !issue.claimExpiresAt || issue.claimExpiresAt >= now) {
              throw conflict(issue, 'lease no longer expired');
            }
          },
          note: 'claim lease expired',
          details: (before) => ({
            claim: { agentId: before.claimedBy, expiredAt: before.claimExpiresAt?.toISOString() ?? null },
          }),
        }),
      );
    } catch (err) {
      if (!(err instanceof ClaimConflictError || err instanceof NotFoundError)) throw err;
    }
  }
  return handedBack;
}

/** Checks for expired leases every `intervalMs` on every replica; each expiry is applied once. */
export function startClaimSweeper(core: Core, intervalMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    expireClaims(core)
      .then((handedBack) => {
        for (const { issue, transition } of handedBack) {
          core.logger.info(
            { event: 'claim.expired', issueId: issue.id, agentId: expiredClaimOf(transition.details)?.agentId },
            'claim lease expired; issue offered again',
          );
        }
      })
      .catch((err) => core.logger.error({ err, event: 'claim.sweep_failed' }, 'expiring claims failed'))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Claims the oldest PENDING_FIX issue (of one project, when given) for `agent`, or answers
 * null when there is none. Of agents asking at once, each issue goes to exactly one: a
 * claimer that loses an issue to another moves on to the next.
 */
export async function claimNextIssue(
  core: Core,
  agent: Actor,
  leaseSeconds: number,
  projectId?: string | null,
): Promise<Transitioned | null> {
  const tried: number[] = [];
  for (;;) {
    const candidates = await core.prisma.issue.findMany({
      where: { status: 'PENDING_FIX', id: { notIn: tried }, ...(projectId ? { projectId } : {}) },
      orderBy: [{ statusChangedAt: 'asc' }, { id: 'asc' }],
      select: { id: true },
      take: CANDIDATES,
    });
    for (const { id } of candidates) {
      tried.push(id);
      try {
        return await claimIssue(core, id, agent, leaseSeconds);
      } catch (err) {
        if (!(err instanceof ClaimConflictError || err instanceof NotFoundError)) throw err;
      }
    }
    if (candidates.length < CANDIDATES) return null;
  }
}

/** Issues tried per look at the queue. */
const CANDIDATES = 20;
