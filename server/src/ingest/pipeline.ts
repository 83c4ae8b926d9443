// Stores accepted reports: creates projects and issues, counts occurrences, reopens
// regressed issues. Works on a batch so that several reports can share one transaction;
// a report is acknowledged only after that transaction commits.
import { IssueStatus, type Level, type Source } from '../generated/prisma/enums.ts';
import type { Issue, StatusTransition } from '../generated/prisma/client.ts';
import type { Core } from '../core.ts';
import type { SqlClient } from '../db/client.ts';
import { reopensOnOccurrence } from '../issues/workflow.ts';
import { REGRESSION, regressionDetails } from '../issues/regression.ts';
import { reviveIssue, reviveTransition, type Jsonified } from '../issues/events.ts';
import type { Report } from './report-schema.ts';
import { fingerprint } from './fingerprint.ts';
import { createGroupCommit } from './group-commit.ts';
import { createIssueUpkeep } from './issue-upkeep.ts';
import { isRetryable, isUnavailable, sqlState } from '../db/errors.ts';
import { LIMITS, limitContext, truncateLines, truncateText } from './limits.ts';
import { storable } from '../db/storable.ts';
import { scrubContext } from './scrub.ts';
import { applyToFix, readFixes, type FixState, type ReleaseTimes } from '../issues/release-fixes.ts';

export type Accepted = {
  report: Report;
  receivedAt: Date;
  remoteAddr?: string | undefined;
  userAgent?: string | undefined;
};

export type Outcome = {
  kind: 'created' | 'deduplicated' | 'regressed';
  /** The issue as this batch left it. */
  issue: Issue;
};

/** What the pipeline needs (it is what makes `core.ingest`). */
type Deps = Pick<Core, 'events' | 'logger'> & { sql: SqlClient; storage: StoragePolicy };

/** Reported times further ahead than this are clock skew: the server's time is used instead. */
const MAX_CLOCK_SKEW_MS = 60_000;

type Row = {
  fingerprint: string;
  project_id: string;
  source: Source;
  level: Level;
  error_type: string;
  message: string;
  file_path: string | null;
  line_number: number | null;
  environment: string;
  timestamp: string;
  received_at: string;
  version: string | null;
  commit_hash: string | null;
  stack_trace: string[];
  context: Record<string, unknown> | null;
  repo_url: string | null;
  remote_addr: string | null;
  user_agent: string | null;
};

/**
 * How stored reports are cut down and cleaned; the fingerprint is taken before either.
 * `retentionDays`: occurrences older than this are deleted, so reports dated before it are
 * stored at their time of receipt (0: kept for ever).
 */
export type StoragePolicy = { scrubSecrets: boolean; retentionDays: number };

/** Key under which the context keeps a reported time that was not used. */
export const REPORTED_TIMESTAMP_KEY = '_reported_timestamp';
/** No report is older than this; earlier dates (year 0, say) are clocks that were never set. */
const EARLIEST = Date.parse('1970-01-01T00:00:00Z');

/**
 * The time an occurrence is stored at: the reported one, unless it is further ahead than
 * clock skew explains, or so old that retention would delete the occurrence at once while
 * its issue still counted it. Then the time of receipt, and the reported time is kept.
 */
function occurrenceTime(
  reported: Date | null | undefined,
  receivedAt: Date,
  policy: StoragePolicy,
): { at: Date; unused?: Date } {
  if (!reported) return { at: receivedAt };
  const at = reported.getTime();
  const oldest = policy.retentionDays > 0 ? receivedAt.getTime() - policy.retentionDays * 86_400_000 : EARLIEST;
  const usable = at - receivedAt.getTime() <= MAX_CLOCK_SKEW_MS && at >= Math.max(oldest, EARLIEST);
  return usable ? { at: reported } : { at: receivedAt, unused: reported };
}

function storedContext(
  context: Record<string, unknown> | null | undefined,
  policy: StoragePolicy,
  unusedTime: Date | undefined,
) {
  const withTime = unusedTime ? { ...context, [REPORTED_TIMESTAMP_KEY]: unusedTime.toISOString() } : context;
  if (!withTime) return null;
  // Cut to size first: every later pass over the strings is then bounded by the caps.
  const limited = limitContext(withTime);
  return policy.scrubSecrets ? scrubContext(limited) : limited;
}

function toRow({ report: r, receivedAt, remoteAddr, userAgent }: Accepted, policy: StoragePolicy): Row {
  const { at: timestamp, unused } = occurrenceTime(r.timestamp, receivedAt, policy);
  const stack = r.error.stack_trace;
  return storable({
    fingerprint: fingerprint({
      projectId: r.project_id,
      source: r.source,
      errorType: r.error.type,
      filePath: r.error.file_path,
      lineNumber: r.error.line_number,
      context: r.context,
    }),
    project_id: r.project_id,
    source: r.source,
    level: r.level,
    error_type: r.error.type,
    message: truncateText(r.error.message, LIMITS.messageBytes),
    file_path: r.error.file_path ?? null,
    line_number: r.error.line_number ?? null,
    environment: r.environment,
    timestamp: timestamp.toISOString(),
    received_at: receivedAt.toISOString(),
    version: r.version ?? null,
    commit_hash: r.commit_hash ?? null,
    stack_trace: truncateLines(
      stack == null ? [] : typeof stack === 'string' ? [stack] : stack,
      LIMITS.stackTraceBytes,
    ),
    context: storedContext(r.context, policy, unused),
    repo_url: r.repo_url || null,
    remote_addr: remoteAddr ?? null,
    user_agent: userAgent ?? null,
  });
}

/** The reports of one fingerprint in a batch, folded into the values the issue row takes. */
type Group = {
  rows: Row[];
  /** The report with the newest timestamp: its level, message and location describe the issue. */
  latest: Row;
  firstSeen: string;
  environments: string[];
  /** The versions of the earliest and the latest report that named one. */
  firstRelease: { at: string; version: string } | null;
  lastRelease: { at: string; version: string } | null;
};

function released(row: Row) {
  return row.version === null ? null : { at: row.timestamp, version: row.version };
}

function groupByFingerprint(rows: Row[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const g = groups.get(row.fingerprint);
    if (!g) {
      groups.set(row.fingerprint, {
        rows: [row],
        latest: row,
        firstSeen: row.timestamp,
        environments: [row.environment],
        firstRelease: released(row),
        lastRelease: released(row),
      });
      continue;
    }
    g.rows.push(row);
    if (row.timestamp >= g.latest.timestamp) g.latest = row;
    if (row.timestamp < g.firstSeen) g.firstSeen = row.timestamp;
    if (!g.environments.includes(row.environment)) g.environments.push(row.environment);
    const release = released(row);
    if (release && (!g.firstRelease || release.at < g.firstRelease.at)) g.firstRelease = release;
    if (release && (!g.lastRelease || release.at >= g.lastRelease.at)) g.lastRelease = release;
  }
  // A fixed order for taking row locks keeps concurrent batches from deadlocking.
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * What the pipeline read of the batch's issues' release-aware fixes; null until the routine
 * asks for them (NEEDS_FIXES): most batches are of issues with none.
 */
type Fixes = { fixes: Map<string, FixState>; made: ReleaseTimes; now: Date } | null;

function fixValues(fp: string, g: Group, read: Fixes) {
  if (!read) return { fix_checked: false };
  const fix = read.fixes.get(fp);
  if (!fix) return { fix_checked: true, fixed_in_release: null, fix_awaits_release_since: null };
  const { reopens, olderCount, olderLast } = applyToFix(g.rows, fix, read.made, read.now);
  return {
    fix_checked: true,
    fixed_in_release: fix.fixedInRelease,
    fix_awaits_release_since: fix.awaitsSince?.toISOString() ?? null,
    reopens,
    older_count: olderCount,
    older_last: olderLast,
  };
}

function issueValues(fp: string, g: Group, read: Fixes) {
  const r = g.latest;
  const first = g.rows[0]!;
  return {
    ...fixValues(fp, g, read),
    fingerprint: fp,
    project_id: r.project_id,
    source: r.source,
    level: r.level,
    error_type: r.error_type,
    message: r.message,
    file_path: r.file_path,
    line_number: r.line_number,
    first_seen: g.firstSeen,
    last_seen: r.timestamp,
    count: g.rows.length,
    environments: g.environments.sort(),
    first_release: g.firstRelease?.version ?? null,
    last_release: g.lastRelease?.version ?? null,
    // Recorded on the status transition when this group reopens the issue.
    details: regressionDetails(first),
  };
}

function projectValues(rows: Row[]) {
  const projects = new Map<string, string | null>();
  for (const r of rows) if (!projects.get(r.project_id)) projects.set(r.project_id, r.repo_url);
  return [...projects].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, repo_url]) => ({ id, repo_url }));
}

/** Each version the batch names, with the projects that named it, in one order for the locks. */
function releaseValues(rows: Row[]) {
  const pairs = new Map<string, { version: string; project_id: string }>();
  for (const r of rows)
    if (r.version !== null)
      pairs.set(`${r.version}\n${r.project_id}`, { version: r.version, project_id: r.project_id });
  return [...pairs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, pair]) => pair);
}

const REOPENING = Object.values(IssueStatus).filter(reopensOnOccurrence);

type Stored = {
  created: string[];
  issues: Record<string, unknown>[];
  transitions: Record<string, unknown>[];
};

// The routine's column names, each converted once: this ran for every column of every issue.
const camelNames = new Map<string, string>();
function camel(key: string): string {
  let name = camelNames.get(key);
  if (name === undefined) {
    name = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    camelNames.set(key, name);
  }
  return name;
}
const camelKeys = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), v]));

/** One statement (prisma/routines/ingest_batch.sql) writes the whole batch. */
async function store(deps: Deps, rows: Row[], groups: Map<string, Group>, read: Fixes) {
  const [row] = await deps.sql.query<{ result: Stored }>(
    'ingest_batch_v4',
    'SELECT logcenter_ingest_batch_v4($1::jsonb, $2::jsonb, $3::jsonb, $4::jsonb, $5::text[], $6::jsonb) AS result',
    [
      JSON.stringify(projectValues(rows)),
      JSON.stringify([...groups].map(([fp, g]) => issueValues(fp, g, read))),
      JSON.stringify(rows),
      JSON.stringify(releaseValues(rows)),
      REOPENING,
      JSON.stringify(REGRESSION),
    ],
  );
  const result = row!.result;
  const issues = result.issues.map((i) => reviveIssue(camelKeys(i) as Jsonified<Issue>));
  const transitions = result.transitions.map((t) => reviveTransition(camelKeys(t) as Jsonified<StatusTransition>));
  return { created: new Set(result.created), issues: new Map(issues.map((i) => [i.fingerprint, i])), transitions };
}

function outcomes(
  rows: Row[],
  created: Set<string>,
  issues: Map<string, Issue>,
  transitions: StatusTransition[],
): Outcome[] {
  const regressed = new Set(transitions.map((t) => t.issueId));
  const seen = new Set<string>();
  return rows.map((row) => {
    const fp = row.fingerprint;
    const first = !seen.has(fp);
    seen.add(fp);
    const issue = issues.get(fp)!;
    if (first && created.has(fp)) return { issue, kind: 'created' };
    if (first && regressed.has(issue.id)) return { issue, kind: 'regressed' };
    return { issue, kind: 'deduplicated' };
  });
}

/** One event per issue of the batch, published after the commit. */
function publishEvents(deps: Deps, results: Outcome[], transitions: StatusTransition[]) {
  const byIssue = new Map<number, Outcome>();
  for (const r of results) if (!byIssue.has(r.issue.id) || r.kind !== 'deduplicated') byIssue.set(r.issue.id, r);
  for (const { issue, kind } of byIssue.values()) {
    if (kind === 'created') deps.events.publish({ kind: 'CREATED', issue, transition: null });
    else if (kind === 'regressed') {
      const transition = transitions.find((t) => t.issueId === issue.id) ?? null;
      deps.events.publish({ kind: 'REGRESSED', issue, transition });
    } else deps.events.publish({ kind: 'OCCURRED', issue, transition: null });
  }
}

/**
 * The routine's answer to a batch with versioned reports of an issue fixed in a release,
 * sent without the fixes (or with ones that changed): read them and send it again.
 */
const NEEDS_FIXES = 'LCFIX';

/** A batch that lost a deadlock is tried again this many times in all. */
const ATTEMPTS = 3;

/** Stores a batch of accepted reports in one transaction; outcomes are in the batch's order. */
export async function ingest(deps: Deps, batch: Accepted[]): Promise<Outcome[]> {
  const rows = batch.map((accepted) => toRow(accepted, deps.storage));
  const groups = groupByFingerprint(rows);
  let read: Fixes = null;
  for (let attempt = 1; ; attempt++) {
    try {
      const { created, issues, transitions } = await store(deps, rows, groups, read);
      const results = outcomes(rows, created, issues, transitions);
      publishEvents(deps, results, transitions);
      return results;
    } catch (err) {
      if (attempt < ATTEMPTS && sqlState(err) === NEEDS_FIXES) {
        const versions = [...new Set(rows.flatMap((r) => (r.version === null ? [] : [r.version])))];
        read = { ...(await readFixes(deps.sql, [...groups.keys()], versions)), now: new Date() };
        continue;
      }
      if (attempt >= ATTEMPTS || !isRetryable(err)) throw err;
      deps.logger.warn(
        { err, event: 'ingest.retry', attempt, reports: rows.length },
        'ingestion batch conflicted; retrying',
      );
    }
  }
}

/**
 * What the routes call: each request's reports join the next group commit of their lane,
 * and stay together in one transaction (a Sentry envelope's events are stored all or none).
 * Reports of one fingerprint always take the same lane, so the lanes' transactions do not
 * wait for each other's row locks and can run side by side.
 */
export function createIngester(deps: Deps, { lanes, maxBatch }: { lanes: number; maxBatch: number }) {
  const upkeep = createIssueUpkeep(deps.sql, deps.logger);
  const commits = Array.from({ length: lanes }, () =>
    createGroupCommit<Accepted[], Outcome[]>(
      async (requests) => {
        const outcomes = await ingest(deps, requests.flat());
        const created = outcomes.filter((o) => o.kind === 'created').length;
        upkeep.stored({ updated: new Set(outcomes.map((o) => o.issue.id)).size - created, created });
        let at = 0;
        return requests.map((r) => outcomes.slice(at, (at += r.length)));
      },
      maxBatch,
      (err) => !isUnavailable(err),
    ),
  );
  const ingester: Ingester = (batch) => {
    if (batch.length === 0) return Promise.resolve([]);
    // Project and error type are part of every fingerprint, so equal fingerprints share a lane.
    const { project_id, error } = batch[0]!.report;
    return commits[laneOf(`${project_id}\n${error.type}`, lanes)]!.submit(batch);
  };
  // Each item of a lane is one request's reports.
  const pending = () => commits.reduce((n, c) => n + c.pending(), 0);
  return { ingest: ingester, pending, settled: upkeep.settled };
}

function laneOf(key: string, lanes: number): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % lanes;
}

export type Ingester = (batch: Accepted[]) => Promise<Outcome[]>;
