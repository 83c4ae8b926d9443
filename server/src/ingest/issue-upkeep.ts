// Ingestion churns the issues table in two ways, and autovacuum (once a minute at best, and
// absent from the embedded database) keeps up with neither, so the ingester looks after it:
// - Every occurrence rewrites its issue's row (the last_seen index rules out HOT updates),
//   leaving a dead version behind. Under an error storm lookups soon wade through hundreds of
//   thousands of them, so the table is vacuumed after every so many updates.
// - New issues grow the table, while the ingest routine keeps the plans it made when the
//   table was smaller: grown from empty, a scan of every issue for each batch (25% slower
//   ingestion after ten seconds, and worse as issues pile up). Analysing the table once the
//   new issues reach autovacuum's own analyze threshold makes the routine plan again.
// On a table of issues (not occurrences) either takes tens of milliseconds.
import type { SqlClient } from '../db/client.ts';
import type { Logger } from '../log.ts';

export type UpkeepThresholds = {
  /** Issue row updates between two vacuums: about five seconds' worth at full speed. */
  updatesPerVacuum: number;
  /** New issues that call for an analyze: `analyzeBase` plus this share of the table. */
  analyzeScale: number;
  analyzeBase: number;
};

// autovacuum_analyze_threshold and autovacuum_analyze_scale_factor's defaults.
export const ISSUE_UPKEEP: UpkeepThresholds = { updatesPerVacuum: 20_000, analyzeBase: 50, analyzeScale: 0.1 };

export function createIssueUpkeep(sql: SqlClient, logger: Logger, thresholds = ISSUE_UPKEEP) {
  let updated = 0;
  let created = 0;
  /** The table's size when it was last analysed; none is known before the first. */
  let analysedRows = 0;
  let running: Promise<void> | undefined;

  async function run(analyze: boolean) {
    // SKIP_LOCKED: when another server is vacuuming the table already, that one suffices.
    if (!analyze) {
      await sql.query('vacuum_issues', 'VACUUM (SKIP_LOCKED) issues', []);
      return;
    }
    await sql.query('analyze_issues', 'VACUUM (ANALYZE, SKIP_LOCKED) issues', []);
    const [row] = await sql.query<{ rows: number }>(
      'issue_rows',
      `SELECT greatest(reltuples, 0)::float8 AS rows FROM pg_class WHERE oid = 'issues'::regclass`,
      [],
    );
    analysedRows = row?.rows ?? analysedRows;
  }

  return {
    /** Counts a stored batch's issues; starts a vacuum or an analyze in the background when they add up. */
    stored(batch: { updated: number; created: number }) {
      updated += batch.updated;
      created += batch.created;
      if (running) return;
      const analyze = created >= thresholds.analyzeBase + thresholds.analyzeScale * analysedRows;
      if (!analyze && updated < thresholds.updatesPerVacuum) return;
      updated = 0;
      if (analyze) created = 0;
      running = run(analyze)
        .catch((err: unknown) =>
          logger.warn({ err, event: 'ingest.vacuum_failed' }, 'vacuuming the issues table failed'),
        )
        .finally(() => (running = undefined));
    },
    /** Waits for upkeep in progress, before the database closes. */
    settled: () => running ?? Promise.resolve(),
  };
}
