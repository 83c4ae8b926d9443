// Ingestion rewrites the same few issue rows thousands of times a second under an error
// storm, and every rewrite leaves a dead row version behind (the last_seen index rules out
// HOT updates). Autovacuum wakes once a minute at best; by then lookups wade through
// hundreds of thousands of dead versions and a batch takes several times longer. So the
// ingester vacuums the issues table itself after every so many updates: on a table of
// issues (not occurrences) that takes tens of milliseconds.
import type { SqlClient } from '../db/client.ts';
import type { Logger } from '../log.ts';

/** Issue row updates between two vacuums: about five seconds' worth at full speed. */
export const UPDATES_PER_VACUUM = 20_000;

export function createIssueVacuum(sql: SqlClient, logger: Logger, every = UPDATES_PER_VACUUM) {
  let updates = 0;
  let running: Promise<void> | undefined;
  return {
    /** Counts updated issue rows; starts a vacuum in the background when they add up. */
    updated(rows: number) {
      updates += rows;
      if (running || updates < every) return;
      updates = 0;
      // SKIP_LOCKED: when another server is vacuuming the table already, that one suffices.
      running = sql
        .query('vacuum_issues', 'VACUUM (SKIP_LOCKED) issues', [])
        .then(
          () => undefined,
          (err: unknown) => logger.warn({ err, event: 'ingest.vacuum_failed' }, 'vacuuming the issues table failed'),
        )
        .finally(() => (running = undefined));
    },
    /** Waits for a vacuum in progress, before the database closes. */
    settled: () => running ?? Promise.resolve(),
  };
}
