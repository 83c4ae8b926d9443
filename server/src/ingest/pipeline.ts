// Stores accepted reports: creates projects and issues, counts occurrences, reopens
// regressed issues. Works on a batch so that several reports can share one transaction;
// a report is acknowledged only after that transaction commits.
import type { IssueStatus, Level, Source } from '../generated/prisma/enums.ts';
import type { Issue, PrismaClient, StatusTransition } from '../generated/prisma/client.ts';
import type { Core } from '../core.ts';
import { reopensOnOccurrence } from '../issues/workflow.ts';
import type { Report } from './report-schema.ts';
import { fingerprint } from './fingerprint.ts';

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

function toRow({ report: r, receivedAt, remoteAddr, userAgent }: Accepted): Row {
  const skewed = r.timestamp && r.timestamp.getTime() - receivedAt.getTime() > MAX_CLOCK_SKEW_MS;
  const timestamp = r.timestamp && !skewed ? r.timestamp : receivedAt;
  const stack = r.error.stack_trace;
  return {
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
    message: r.error.message,
    file_path: r.error.file_path ?? null,
    line_number: r.error.line_number ?? null,
    environment: r.environment,
    timestamp: timestamp.toISOString(),
    received_at: receivedAt.toISOString(),
    version: r.version ?? null,
    commit_hash: r.commit_hash ?? null,
    stack_trace: stack == null ? [] : typeof stack === 'string' ? [stack] : stack,
    context: r.context ?? null,
    repo_url: r.repo_url || null,
    remote_addr: remoteAddr ?? null,
    user_agent: userAgent ?? null,
  };
}

/** The reports of one fingerprint in a batch, folded into the values the issue row takes. */
type Group = {
  rows: Row[];
  /** The report with the newest timestamp: its level, message and location describe the issue. */
  latest: Row;
  firstSeen: string;
  environments: string[];
};

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
      });
      continue;
    }
    g.rows.push(row);
    if (row.timestamp >= g.latest.timestamp) g.latest = row;
    if (row.timestamp < g.firstSeen) g.firstSeen = row.timestamp;
    if (!g.environments.includes(row.environment)) g.environments.push(row.environment);
  }
  // A fixed order for taking row locks keeps concurrent batches from deadlocking.
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function issueValues(fp: string, g: Group) {
  const r = g.latest;
  return {
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
  };
}

const issueRecord = (extra = '') => `r(fingerprint text, project_id text, source "Source", level "Level",
  error_type text, message text, file_path text, line_number int, first_seen timestamptz, last_seen timestamptz,
  count int, environments text[]${extra})`;

type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

async function ensureProjects(tx: Tx, rows: Row[]) {
  const projects = new Map<string, string | null>();
  for (const r of rows) if (!projects.get(r.project_id)) projects.set(r.project_id, r.repo_url);
  const list = [...projects].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, repo_url]) => ({ id, repo_url }));
  // A new project gets its first Sentry key with it (the key itself is the column's default).
  await tx.$executeRawUnsafe(
    `WITH created AS (
       INSERT INTO projects (id, name, repo_url)
       SELECT p.id, p.id, p.repo_url FROM jsonb_to_recordset($1::jsonb) AS p(id text, repo_url text)
       ON CONFLICT (id) DO NOTHING
       RETURNING id)
     INSERT INTO project_keys (project_id) SELECT id FROM created`,
    JSON.stringify(list),
  );
  const withRepo = list.filter((p) => p.repo_url);
  if (withRepo.length === 0) return;
  // The contract: a report's repo_url fills the project's only while it is empty.
  await tx.$executeRawUnsafe(
    `UPDATE projects SET repo_url = p.repo_url, updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS p(id text, repo_url text)
     WHERE projects.id = p.id AND coalesce(projects.repo_url, '') = ''`,
    JSON.stringify(withRepo),
  );
}

type Existing = { id: number; fingerprint: string; status: IssueStatus; regressed: boolean };

// Locking first means the status read here is the one the update replaces: a concurrent
// transition cannot slip between deciding "regression" and writing it.
async function lockIssues(tx: Tx, fingerprints: string[]): Promise<Existing[]> {
  if (fingerprints.length === 0) return [];
  const locked = await tx.$queryRawUnsafe<{ id: number; fingerprint: string; status: IssueStatus }[]>(
    `SELECT id, fingerprint, status FROM issues WHERE fingerprint = ANY($1::text[]) ORDER BY fingerprint FOR UPDATE`,
    fingerprints,
  );
  return locked.map((l) => ({ ...l, regressed: reopensOnOccurrence(l.status) }));
}

/** Inserts the issues; those another transaction created meanwhile are left out of the result. */
async function insertIssues(tx: Tx, groups: Map<string, Group>, fingerprints: string[]): Promise<Map<string, number>> {
  if (fingerprints.length === 0) return new Map();
  const values = fingerprints.map((fp) => issueValues(fp, groups.get(fp)!));
  const created = await tx.$queryRawUnsafe<{ id: number; fingerprint: string }[]>(
    `INSERT INTO issues (fingerprint, project_id, source, level, error_type, message, file_path, line_number,
                         first_seen, last_seen, occurrence_count, environments)
     SELECT fingerprint, project_id, source, level, error_type, message, file_path, line_number,
            first_seen, last_seen, count, environments
     FROM jsonb_to_recordset($1::jsonb) AS ${issueRecord()}
     ON CONFLICT (fingerprint) DO NOTHING
     RETURNING id, fingerprint`,
    JSON.stringify(values),
  );
  return new Map(created.map((c) => [c.fingerprint, c.id]));
}

async function updateIssues(tx: Tx, groups: Map<string, Group>, existing: Existing[]) {
  if (existing.length === 0) return;
  const values = existing.map((e) => ({ ...issueValues(e.fingerprint, groups.get(e.fingerprint)!), regressed: e.regressed }));
  await tx.$executeRawUnsafe(
    `UPDATE issues i SET
       occurrence_count  = i.occurrence_count + r.count,
       first_seen        = least(i.first_seen, r.first_seen),
       last_seen         = greatest(i.last_seen, r.last_seen),
       level             = CASE WHEN r.last_seen >= i.last_seen THEN r.level ELSE i.level END,
       message           = CASE WHEN r.last_seen >= i.last_seen THEN r.message ELSE i.message END,
       file_path         = CASE WHEN r.last_seen >= i.last_seen THEN r.file_path ELSE i.file_path END,
       line_number       = CASE WHEN r.last_seen >= i.last_seen THEN r.line_number ELSE i.line_number END,
       environments      = CASE WHEN r.environments <@ i.environments THEN i.environments
                           ELSE ARRAY(SELECT DISTINCT e FROM unnest(i.environments || r.environments) AS e ORDER BY e) END,
       status            = CASE WHEN r.regressed THEN 'NEW' ELSE i.status END,
       status_changed_at = CASE WHEN r.regressed THEN now() ELSE i.status_changed_at END,
       regression_count  = i.regression_count + r.regressed::int,
       last_regressed_at = CASE WHEN r.regressed THEN now() ELSE i.last_regressed_at END
     FROM jsonb_to_recordset($1::jsonb) AS ${issueRecord(', regressed boolean')}
     WHERE i.fingerprint = r.fingerprint`,
    JSON.stringify(values),
  );
}

async function recordRegressions(tx: Tx, regressed: Existing[], groups: Map<string, Group>) {
  if (regressed.length === 0) return [];
  return tx.statusTransition.createManyAndReturn({
    data: regressed.map((e) => {
      const first = groups.get(e.fingerprint)!.rows[0]!;
      return {
        issueId: e.id,
        fromStatus: e.status,
        toStatus: 'NEW' as const,
        actor: 'system',
        note: 'Regression: a new occurrence reopened the issue',
        details: {
          reason: 'regression',
          environment: first.environment,
          version: first.version,
          commit_hash: first.commit_hash,
          occurred_at: first.timestamp,
        },
      };
    }),
  });
}

async function insertOccurrences(tx: Tx, rows: Row[], ids: Map<string, number>) {
  const values = rows.map((r) => ({ ...r, issue_id: ids.get(r.fingerprint)! }));
  await tx.$executeRawUnsafe(
    `INSERT INTO occurrences (issue_id, project_id, timestamp, received_at, source, level, environment, message,
                              file_path, line_number, version, commit_hash, stack_trace, context, remote_addr, user_agent)
     SELECT issue_id, project_id, timestamp, received_at, source, level, environment, message,
            file_path, line_number, version, commit_hash, stack_trace, context, remote_addr, user_agent
     FROM jsonb_to_recordset($1::jsonb) AS r(issue_id int, project_id text, timestamp timestamptz,
       received_at timestamptz, source "Source", level "Level", environment text, message text, file_path text,
       line_number int, version text, commit_hash text, stack_trace text[], context jsonb, remote_addr text,
       user_agent text)`,
    JSON.stringify(values),
  );
}

function outcomes(rows: Row[], created: Map<string, number>, existing: Existing[], issues: Map<number, Issue>): Outcome[] {
  const byFingerprint = new Map(existing.map((e) => [e.fingerprint, e]));
  const seen = new Set<string>();
  return rows.map((row) => {
    const fp = row.fingerprint;
    const first = !seen.has(fp);
    seen.add(fp);
    const createdId = created.get(fp);
    const e = byFingerprint.get(fp);
    const issue = issues.get(createdId ?? e!.id)!;
    if (createdId !== undefined) return { issue, kind: first ? 'created' : 'deduplicated' };
    if (e!.regressed) return { issue, kind: first ? 'regressed' : 'deduplicated' };
    return { issue, kind: 'deduplicated' };
  });
}

/** One event per issue of the batch, published after the commit. */
function publishEvents(core: Core, results: Outcome[], transitions: StatusTransition[]) {
  const byIssue = new Map<number, Outcome>();
  for (const r of results) if (!byIssue.has(r.issue.id) || r.kind !== 'deduplicated') byIssue.set(r.issue.id, r);
  for (const { issue, kind } of byIssue.values()) {
    if (kind === 'created') core.events.publish({ kind: 'CREATED', issue, transition: null });
    else if (kind === 'regressed') {
      const transition = transitions.find((t) => t.issueId === issue.id) ?? null;
      core.events.publish({ kind: 'REGRESSED', issue, transition });
    } else core.events.publish({ kind: 'OCCURRED', issue, transition: null });
  }
}

/** Stores a batch of accepted reports in one transaction; outcomes are in the batch's order. */
export async function ingest(core: Core, batch: Accepted[]): Promise<Outcome[]> {
  const rows = batch.map(toRow);
  const groups = groupByFingerprint(rows);
  const { results, transitions } = await core.prisma.$transaction(
    async (tx) => {
      await ensureProjects(tx, rows);
      // Look before inserting: INSERT … ON CONFLICT would spend an id on every known
      // fingerprint and leave issue ids full of gaps.
      const existing = await lockIssues(tx, [...groups.keys()]);
      const known = new Set(existing.map((e) => e.fingerprint));
      const missing = [...groups.keys()].filter((fp) => !known.has(fp));
      const created = await insertIssues(tx, groups, missing);
      existing.push(...(await lockIssues(tx, missing.filter((fp) => !created.has(fp)))));
      await updateIssues(tx, groups, existing);
      const ids = new Map([...created, ...existing.map((e) => [e.fingerprint, e.id] as const)]);
      const transitions = await recordRegressions(tx, existing.filter((e) => e.regressed), groups);
      await insertOccurrences(tx, rows, ids);
      const issues = await tx.issue.findMany({ where: { id: { in: [...ids.values()] } } });
      return { results: outcomes(rows, created, existing, new Map(issues.map((i) => [i.id, i]))), transitions };
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  publishEvents(core, results, transitions);
  return results;
}
