import { describe, expect, it } from 'vitest';
import { CHUNK, LineCache } from './line-cache.ts';

type Line = { lineNo: number; message: string };

function cacheOf(lineCount: number) {
  const asked: number[] = [];
  let changes = 0;
  const cache = new LineCache<Line>(
    async (after, first) => {
      asked.push(after);
      const to = Math.min(after + first, lineCount);
      return Array.from({ length: Math.max(0, to - after) }, (_, i) => ({
        lineNo: after + i + 1,
        message: `m${after + i + 1}`,
      }));
    },
    () => changes++,
  );
  return { cache, asked, changes: () => changes };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('LineCache', () => {
  it('asks once for each page in view, never for pages it holds', async () => {
    const { cache, asked, changes } = cacheOf(100_000);
    cache.want([1, 2, CHUNK + 1, 70_000]);
    cache.want([3]);
    await settle();
    expect(asked).toEqual([0, CHUNK, Math.floor(69_999 / CHUNK) * CHUNK]);
    expect(cache.get(70_000)).toEqual({ lineNo: 70_000, message: 'm70000' });
    cache.want([1, 70_000]);
    await settle();
    expect(asked).toHaveLength(3);
    expect(changes()).toBe(3);
  });

  it('keeps live lines where they belong, and forgets the pages read longest ago', async () => {
    const { cache } = cacheOf(1_000_000);
    cache.put([{ lineNo: 7, message: 'live' }]);
    expect(cache.get(7)?.message).toBe('live');
    for (let c = 1; c <= 500; c++) cache.want([c * CHUNK + 1]);
    await settle();
    expect(cache.get(7)).toBeUndefined();
    expect(cache.get(500 * CHUNK + 1)?.message).toBe(`m${500 * CHUNK + 1}`);
  });
});
