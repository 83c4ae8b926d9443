import { describe, expect, it } from 'vitest';
import { bucketLabel, niceMax, tickIndexes } from './scale.ts';

describe('chart scales', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [7, 10],
    [42, 50],
    [180, 200],
    [1001, 2000],
  ])('niceMax(%i) = %i', (max, nice) => expect(niceMax(max)).toBe(nice));

  it('labels hours and days in UTC', () => {
    expect(bucketLabel('2026-03-04T05:00:00.000Z', 'HOUR')).toBe('4 Mar 05:00');
    expect(bucketLabel('2026-03-04T00:00:00.000Z', 'DAY')).toBe('4 Mar');
  });

  it('spreads a few ticks over long axes, ends included', () => {
    expect(tickIndexes(4)).toEqual([0, 1, 2, 3]);
    expect(tickIndexes(30, 4)).toEqual([0, 10, 19, 29]);
  });
});
