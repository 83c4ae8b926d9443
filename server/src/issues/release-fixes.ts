// Release-aware regressions. A fix may name its release (FIXED "in release R") or wait for the
// next one ("in the next release": the first release made for the project after the fix).
// An occurrence from a release older than the fix's does not reopen the issue: it is counted
// as "seen in an older release" (the false regressions of getsentry/sentry#104513). A fix
// with no release keeps the contract: any new occurrence reopens.
import type { SqlClient } from '../db/client.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { compareReleases } from '../releases/versions.ts';

export type FixState = { fixedInRelease: string | null; awaitsSince: Date | null };

/** When each release was made, by version; versions not in it are new. */
export type ReleaseTimes = Map<string, Date>;

/** Whether an occurrence of `version` comes from a release older than the fix's, so does not reopen it. */
export function olderThanFix(version: string | null, fix: FixState, made: ReleaseTimes, now: Date): boolean {
  // Without a version nothing says it is old.
  if (version === null) return false;
  const created = made.get(version);
  if (fix.fixedInRelease !== null) {
    if (version === fix.fixedInRelease) return false;
    const fixMade = made.get(fix.fixedInRelease) ?? now;
    return (
      compareReleases({ version, createdAt: created ?? now }, { version: fix.fixedInRelease, createdAt: fixMade }) < 0
    );
  }
  // Waiting for the next release: every release that existed at the fix is older than it.
  if (fix.awaitsSince !== null) return created !== undefined && created <= fix.awaitsSince;
  return false;
}

/** What one issue's reports of a batch do to its release-aware fix. */
export type FixOutcome = { reopens: boolean; olderCount: number; olderLast: string | null };

export function applyToFix(
  rows: { version: string | null; timestamp: string }[],
  fix: FixState,
  made: ReleaseTimes,
  now: Date,
): FixOutcome {
  let olderCount = 0;
  let olderLast: string | null = null;
  let reopens = false;
  for (const row of rows) {
    if (!olderThanFix(row.version, fix, made, now)) {
      reopens = true;
      continue;
    }
    olderCount++;
    if (olderLast === null || row.timestamp > olderLast) olderLast = row.timestamp;
  }
  return { reopens, olderCount, olderLast };
}

/**
 * The release-aware fixes of these fingerprints' issues, and when the releases involved were
 * made. Read before the batch's statement, which checks that they still hold.
 */
export async function readFixes(
  sql: SqlClient,
  fingerprints: string[],
  versions: string[],
): Promise<{ fixes: Map<string, FixState>; made: ReleaseTimes }> {
  const rows = await sql.query<{ fingerprint: string; fixed_in_release: string | null; awaits: Date | string | null }>(
    'ingest_read_fixes',
    `SELECT fingerprint, fixed_in_release, fix_awaits_release_since AS awaits FROM issues
     WHERE fingerprint = ANY($1::text[]) AND (fixed_in_release IS NOT NULL OR fix_awaits_release_since IS NOT NULL)`,
    [fingerprints],
  );
  const fixes = new Map(
    rows.map((r) => [
      r.fingerprint,
      { fixedInRelease: r.fixed_in_release, awaitsSince: r.awaits === null ? null : new Date(r.awaits) },
    ]),
  );
  const made: ReleaseTimes = new Map();
  if (fixes.size === 0) return { fixes, made };
  const wanted = [...new Set([...versions, ...rows.flatMap((r) => (r.fixed_in_release ? [r.fixed_in_release] : []))])];
  const releases = await sql.query<{ version: string; created_at: Date | string }>(
    'ingest_read_release_times',
    'SELECT version, created_at FROM releases WHERE version = ANY($1::text[])',
    [wanted],
  );
  for (const r of releases) made.set(r.version, new Date(r.created_at));
  return { fixes, made };
}

/** How a move into FIXED names its release: this one, or the next one made for the project. */
export type FixRelease = { inRelease?: string | null; inNextRelease?: boolean | null };

/** An issue with no fix in hand: what any move back to NEW (or a fix without a release) leaves. */
export const NO_FIX = {
  fixedInRelease: null,
  fixAwaitsReleaseSince: null,
  fixCommit: null,
  olderReleaseCount: 0,
  olderReleaseLastAt: null,
} satisfies Prisma.IssueUpdateInput;

/** A commit as short as git shows it still names one commit; shorter would match many. */
const MIN_SHA = 7;

/** The oldest release of the project whose commits include this one (a prefix of their SHA). */
export async function releaseWithCommit(prisma: PrismaClient, projectId: string, commit: string) {
  if (commit.length < MIN_SHA) return null;
  const releases = await prisma.release.findMany({
    where: { projects: { some: { projectId } }, commits: { some: { sha: { startsWith: commit.toLowerCase() } } } },
    take: 100,
  });
  return releases.sort(compareReleases)[0]?.version ?? null;
}

/**
 * The columns a move into FIXED sets. With `inRelease`, that release (it must exist); with
 * `inNextRelease`, the wait for it; else the release whose commits include the agent's commit,
 * or the commit alone until a release's commits name it (releases.ts ties them then).
 */
export async function fixColumns(
  prisma: PrismaClient,
  projectId: string,
  { inRelease, inNextRelease }: FixRelease,
  commit: string | null = null,
): Promise<Prisma.IssueUpdateInput> {
  if (inRelease && inNextRelease)
    throw new ValidationError([{ path: 'inNextRelease', reason: 'cannot be given with inRelease' }]);
  const base = { ...NO_FIX, fixCommit: commit };
  if (inRelease) {
    if (!(await prisma.release.count({ where: { version: inRelease } }))) throw new NotFoundError('Release', inRelease);
    return { ...base, fixedInRelease: inRelease };
  }
  if (inNextRelease) return { ...base, fixAwaitsReleaseSince: new Date() };
  const tied = commit ? await releaseWithCommit(prisma, projectId, commit) : null;
  return { ...base, fixedInRelease: tied };
}
