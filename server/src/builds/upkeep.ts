// Build log partitions: made a day ahead, dropped whole once older than
// BUILD_LOG_RETENTION_DAYS, on every replica (creation is serialised in the store, and a
// partition already dropped is skipped).
import type { Logger } from '../log.ts';
import { startPeriodic } from '../periodic.ts';
import type { BuildStore } from './store.ts';

export async function buildLogUpkeep(store: BuildStore, days: number, logger: Logger) {
  await store.prepare();
  if (days <= 0) return;
  const dropped = await store.dropExpired(days);
  if (dropped.length > 0)
    logger.info({ event: 'build_logs.dropped', days: dropped, retentionDays: days }, 'old build logs dropped');
}

/** Runs the upkeep every `intervalMs`; the returned function stops it (after the round in hand). */
export const startBuildLogUpkeep = (store: BuildStore, days: number, intervalMs: number, logger: Logger) =>
  startPeriodic(
    () =>
      buildLogUpkeep(store, days, logger).catch((err: unknown) =>
        logger.error({ err, event: 'build_logs.upkeep_failed' }, 'build log upkeep failed'),
      ),
    intervalMs,
  );
