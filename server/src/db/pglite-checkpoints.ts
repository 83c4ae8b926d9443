// Checkpoints for the embedded database. PGlite runs PostgreSQL as a single process, with no
// checkpointer: when the WAL written since the last checkpoint reaches the point where
// PostgreSQL would start one (about half of max_wal_size, ~530 MB), PGlite spins forever at
// full CPU and answers nothing more — after about a minute of sustained ingestion. So the
// server checkpoints itself, well before that point; one takes tens of milliseconds.
import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from '../log.ts';

export type CheckpointOptions = { maxWalBytes: number; intervalMs: number };
export const CHECKPOINT_DEFAULTS: CheckpointOptions = { maxWalBytes: 128 * 2 ** 20, intervalMs: 2000 };

/** WAL written since the last checkpoint's redo point, in bytes. */
export async function walSinceCheckpoint(client: PGlite): Promise<number> {
  const { rows } = await client.query<{ bytes: string }>(
    'SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn)::text AS bytes FROM pg_control_checkpoint()',
  );
  return Number(rows[0]!.bytes);
}

/** Checks every `intervalMs` and checkpoints when `maxWalBytes` have been written; returns a stop function. */
export function startCheckpoints(client: PGlite, logger: Logger, { maxWalBytes, intervalMs } = CHECKPOINT_DEFAULTS) {
  let running: Promise<void> | undefined;
  const check = async () => {
    if ((await walSinceCheckpoint(client)) < maxWalBytes) return;
    await client.exec('CHECKPOINT');
  };
  const timer = setInterval(() => {
    running ??= check()
      .catch((err: unknown) =>
        logger.warn({ err, event: 'db.checkpoint_failed' }, 'embedded database checkpoint failed'),
      )
      .finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
