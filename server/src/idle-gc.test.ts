import { Writable } from 'node:stream';
import { getHeapSpaceStatistics } from 'node:v8';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { decide, QUIET_UTILISATION, startIdleCollection } from './idle-gc.ts';

const youngGeneration = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;

function capture() {
  const lines: { event?: string; reason?: string; ms?: number; rssBeforeMiB?: number; rssAfterMiB?: number }[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }),
  );
  return { logger, collected: () => lines.filter((l) => l.event === 'memory.collected') };
}

/** Short-lived objects, some surviving a scavenge or two: what makes V8 grow the young generation. */
function churn() {
  let kept: object[] = [];
  for (let i = 0; i < 2_000_000; i++) {
    kept.push({ i, s: `x${i}` });
    if (kept.length > 100_000) kept = [];
  }
}

describe('decide', () => {
  it('collects on the first quiet interval after a busy one, and only then', () => {
    expect(decide(0.9, false)).toEqual({ collect: false, busySinceCollection: true });
    expect(decide(0.9, true)).toEqual({ collect: false, busySinceCollection: true });
    expect(decide(QUIET_UTILISATION, true)).toEqual({ collect: true, busySinceCollection: false });
    expect(decide(0.01, false)).toEqual({ collect: false, busySinceCollection: false });
  });
});

describe('startIdleCollection', () => {
  it('shrinks the young generation at start, and collects again when a busy spell goes quiet', async () => {
    churn();
    expect(youngGeneration()).toBeGreaterThan(4 * 2 ** 20);
    const { logger, collected } = capture();
    const stop = startIdleCollection(logger, 300);
    try {
      expect(youngGeneration()).toBeLessThanOrEqual(2 * 2 ** 20);
      expect(collected()).toEqual([
        expect.objectContaining({ reason: 'started', ms: expect.any(Number), rssAfterMiB: expect.any(Number) }),
      ]);

      // Busy for a whole interval (the event loop blocked), then quiet for two.
      const until = performance.now() + 400;
      while (performance.now() < until) churn();
      await new Promise((r) => setTimeout(r, 1_000));
      expect(collected().map((l) => l.reason)).toEqual(['started', 'quiet']);
    } finally {
      stop();
    }
  });
});
