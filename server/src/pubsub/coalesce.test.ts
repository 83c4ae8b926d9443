import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from './coalesce.ts';

describe('Coalescer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes the first value of a key at once', () => {
    const out: string[] = [];
    new Coalescer<number, string>(1000, (v) => out.push(v)).offer(1, 'a');
    expect(out).toEqual(['a']);
  });

  it('folds a burst into the newest value, emitted when the window ends', () => {
    const out: string[] = [];
    const c = new Coalescer<number, string>(1000, (v) => out.push(v));
    for (const v of ['a', 'b', 'c', 'd']) c.offer(1, v);
    expect(out).toEqual(['a']);
    vi.advanceTimersByTime(999);
    expect(out).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(out).toEqual(['a', 'd']);
  });

  it('emits at most one value per key per window during a storm', () => {
    const out: number[] = [];
    const c = new Coalescer<string, number>(1000, (v) => out.push(v));
    for (let ms = 0; ms < 5000; ms += 10) {
      c.offer('hot', ms);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(2000);
    expect(out.length).toBeLessThanOrEqual(6);
    expect(out.at(-1)).toBe(4990);
  });

  it('keeps keys apart', () => {
    const out: string[] = [];
    const c = new Coalescer<number, string>(1000, (v) => out.push(v));
    c.offer(1, 'a1');
    c.offer(2, 'b1');
    c.offer(1, 'a2');
    expect(out).toEqual(['a1', 'b1']);
    vi.advanceTimersByTime(1000);
    expect(out).toEqual(['a1', 'b1', 'a2']);
  });

  it('lets a key pass at once again after a quiet window', () => {
    const out: string[] = [];
    const c = new Coalescer<number, string>(1000, (v) => out.push(v));
    c.offer(1, 'a');
    vi.advanceTimersByTime(1500);
    c.offer(1, 'b');
    expect(out).toEqual(['a', 'b']);
  });

  it('forgets a pending value on drop, and the window still holds', () => {
    const out: string[] = [];
    const c = new Coalescer<number, string>(1000, (v) => out.push(v));
    c.offer(1, 'a');
    c.offer(1, 'b');
    c.drop(1);
    vi.advanceTimersByTime(1000);
    expect(out).toEqual(['a']);
    c.offer(1, 'c');
    expect(out).toEqual(['a', 'c']);
  });

  it('drops pending values on close', () => {
    const out: string[] = [];
    const c = new Coalescer<number, string>(1000, (v) => out.push(v));
    c.offer(1, 'a');
    c.offer(1, 'b');
    c.close();
    vi.advanceTimersByTime(5000);
    expect(out).toEqual(['a']);
  });
});
