import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

/** A writer that records its batches and doubles each item; `fail` items make a batch throw. */
function recorder(fail: (n: number) => boolean = () => false) {
  const batches: number[][] = [];
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  return {
    batches,
    /** Holds the next write until `open()`. */
    hold() {
      gate = new Promise((r) => (release = r));
    },
    open: () => release?.(),
    async write(items: number[]) {
      batches.push(items);
      const waiting = gate;
      gate = undefined;
      await waiting;
      if (items.some(fail)) throw new Error(`refused ${items.filter(fail).join(',')}`);
      return items.map((n) => n * 2);
    },
  };
}

describe('group commit', () => {
  it('writes a lone item at once, in a batch of its own', async () => {
    const w = recorder();
    const commit = createGroupCommit(w.write, 100);
    expect(await commit.submit(1)).toBe(2);
    expect(w.batches).toEqual([[1]]);
  });

  it('puts items submitted together into one batch, each caller getting its own result', async () => {
    const w = recorder();
    const commit = createGroupCommit(w.write, 100);
    const results = await Promise.all([1, 2, 3, 4].map((n) => commit.submit(n)));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(w.batches).toEqual([[1, 2, 3, 4]]);
  });

  it('gathers what arrives during a write into the next batch, at most maxBatch at a time', async () => {
    const w = recorder();
    const commit = createGroupCommit(w.write, 3);
    w.hold();
    const first = commit.submit(0);
    await new Promise((r) => setImmediate(r));
    expect(w.batches).toEqual([[0]]);
    const later = [1, 2, 3, 4, 5].map((n) => commit.submit(n));
    await new Promise((r) => setImmediate(r));
    // One write at a time: nothing else started while the first is held.
    expect(w.batches).toHaveLength(1);
    w.open();
    expect(await Promise.all([first, ...later])).toEqual([0, 2, 4, 6, 8, 10]);
    expect(w.batches).toEqual([[0], [1, 2, 3], [4, 5]]);
  });

  it('fails only the item the writer refuses, writing the others of its batch one by one', async () => {
    const w = recorder((n) => n === 2);
    const commit = createGroupCommit(w.write, 100);
    const results = await Promise.allSettled([1, 2, 3].map((n) => commit.submit(n)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('refused 2') },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(w.batches).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('keeps going after a failed batch', async () => {
    const w = recorder((n) => n < 0);
    const commit = createGroupCommit(w.write, 100);
    await expect(commit.submit(-1)).rejects.toThrow('refused -1');
    expect(await commit.submit(5)).toBe(10);
  });

  it('fails the whole batch at once when the error is not about its items', async () => {
    const w = recorder(() => true);
    const commit = createGroupCommit(w.write, 100, () => false);
    const results = await Promise.allSettled([1, 2, 3].map((n) => commit.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(w.batches).toEqual([[1, 2, 3]]);
  });

  it('counts what is pending: queued and being written', async () => {
    const w = recorder();
    const commit = createGroupCommit(w.write, 2);
    w.hold();
    const all = [1, 2, 3, 4, 5].map((n) => commit.submit(n));
    expect(commit.pending()).toBe(5);
    await new Promise((r) => setImmediate(r));
    expect(commit.pending()).toBe(5);
    w.open();
    await Promise.all(all);
    expect(commit.pending()).toBe(0);
  });
});
