// Background work that runs now and then on every replica: one round at a time, the next
// `intervalMs` after the last ended, the first soon after the start.

/** Starts the rounds; the returned function stops them, after the round in hand. */
export function startPeriodic(round: (isStopped: () => boolean) => Promise<void>, intervalMs: number) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = round(() => stopped).finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs).unref();
    });
  };
  timer = setTimeout(tick, Math.min(intervalMs, 10_000)).unref();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
