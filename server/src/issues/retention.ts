// Occurrences older than the retention period are deleted in the background, a small batch
// at a time so that ingestion never waits long behind the deletes, on every replica at once
// without treading on each other (SKIP LOCKED).
//
// Issues stay, with their lifetime count: a FIXED issue that comes back after a year is still
// a regression, and its history still matters. The hourly rollups go with the occurrences,
// cut at the same hour, so statistics and the occurrences behind them always agree.
import type { RetentionConfig } from '../config.ts';
import type { SqlClient } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { startPeriodic } from '../periodic.ts';

const HOUR_MS = 3_600_000;

/** The start of the hour `days` ago: occurrences and rollups are cut at the same place. */
export function retentionCutoff(days: number, now = Date.now()): Date {
  return new Date(Math.floor((now - days * 86_400_000) / HOUR_MS) * HOUR_MS);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deletes what is older than the retention period; returns how many occurrences went. */
export async function pruneOccurrences(
  sql: SqlClient,
  config: RetentionConfig,
  isStopped = () => false,
): Promise<number> {
  if (config.days <= 0) return 0;
  const cutoff = retentionCutoff(config.days).toISOString();
  let deleted = 0;
  for (;;) {
    const rows = await sql.query<{ id: string }>(
      'retention_prune_occurrences',
      `DELETE FROM occurrences WHERE id IN (
         SELECT id FROM occurrences WHERE "timestamp" < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [cutoff, config.batchSize],
    );
    deleted += rows.length;
    if (rows.length < config.batchSize || isStopped()) break;
    await sleep(config.pauseMs);
  }
  await sql.query('retention_prune_rollups', 'DELETE FROM occurrence_rollups WHERE hour < $1', [cutoff]);
  return deleted;
}

/** Prunes now and then every `intervalMs`; the returned function stops it (after the batch in hand). */
export function startRetention(sql: SqlClient, logger: Logger, config: RetentionConfig): () => Promise<void> {
  if (config.days <= 0) return async () => {};
  return startPeriodic(
    (isStopped) =>
      pruneOccurrences(sql, config, isStopped)
        .then((deleted) => {
          if (deleted > 0)
            logger.info({ event: 'retention.pruned', deleted, days: config.days }, 'old occurrences deleted');
        })
        .catch((err: unknown) => logger.error({ err, event: 'retention.failed' }, 'deleting old occurrences failed')),
    config.intervalMs,
  );
}
