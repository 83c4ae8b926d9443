// Hands memory back to the system when the server goes quiet. V8 keeps the young generation
// at the size its busiest moment needed (16 MB with the embedded flags, grown while the
// server starts) and its memory reducer does not shrink it; a "last resort" collection does,
// and compacts the old generation too. Run once the server has started, and again whenever
// a busy spell is followed by a quiet one: ~70 ms of pause, ~20 MB less resident at idle
// (docs/PERFORMANCE.md, "Footprint").
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Logger } from './log.ts';

type Collect = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/** Event-loop utilisation over a check interval at or below which the server counts as quiet. */
export const QUIET_UTILISATION = 0.05;
const CHECK_INTERVAL_MS = 30_000;

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

/** The collector V8 exposes with --expose-gc, taken from a fresh context so that no global `gc` appears. */
function collector(): Collect {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Collect;
}

/**
 * Whether to collect now, given the last interval's utilisation and whether the server has
 * been busy since the last collection; returns the new "busy since" state alongside.
 */
export function decide(
  utilisation: number,
  busySinceCollection: boolean,
): { collect: boolean; busySinceCollection: boolean } {
  if (utilisation > QUIET_UTILISATION) return { collect: false, busySinceCollection: true };
  return { collect: busySinceCollection, busySinceCollection: false };
}

/** Collects now (the start-up's garbage), then after every busy-then-quiet interval; returns a stop function. */
export function startIdleCollection(logger: Logger, intervalMs = CHECK_INTERVAL_MS): () => void {
  const collect = collector();
  const run = (reason: 'started' | 'quiet') => {
    const before = process.memoryUsage.rss();
    const started = performance.now();
    collect({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    logger.debug(
      {
        event: 'memory.collected',
        reason,
        ms: Math.round(performance.now() - started),
        rssBeforeMiB: mib(before),
        rssAfterMiB: mib(process.memoryUsage.rss()),
      },
      'idle: collected garbage and shrank the heap',
    );
  };
  run('started');
  let busySinceCollection = false;
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const next = decide(
      performance.eventLoopUtilization(performance.eventLoopUtilization(), last).utilization,
      busySinceCollection,
    );
    busySinceCollection = next.busySinceCollection;
    if (next.collect) run('quiet');
    // Measured after the collection: its own pause must not make the next interval look busy.
    last = performance.eventLoopUtilization();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
