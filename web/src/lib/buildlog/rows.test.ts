import { describe, expect, it } from 'vitest';
import { layout, sectioned, type Layout, type StepInfo } from './rows.ts';

const step = (tag: string, first: number, last: number): StepInfo => ({
  tag,
  firstLineNo: first,
  lastLineNo: last,
  lineCount: last - first + 1,
});
const rows = (l: Layout) =>
  Array.from({ length: l.total }, (_, i) => {
    const r = l.rowAt(i)!;
    return r.kind === 'step' ? r.tag : r.lineNo;
  });
const none = { foldedSteps: new Set<string>(), hidden: [] };

describe('build log rows', () => {
  it('puts a header before each step and keeps untagged lines between them', () => {
    const l = layout(7, [step('test', 5, 6), step('build', 2, 3)], none);
    expect(rows(l)).toEqual([1, 'build', 2, 3, 4, 'test', 5, 6, 7]);
    expect(l.indexOf(5)).toBe(6);
    expect(l.indexOfStep('test')).toBe(5);
    expect(l.rowAt(9)).toBeUndefined();
  });

  it('folds a step to its header, and hides folded groups, nested or not', () => {
    const steps = [step('build', 1, 10), step('test', 11, 12)];
    const l = layout(12, steps, {
      foldedSteps: new Set(['test']),
      hidden: [
        [5, 6],
        [3, 8],
        [4, 4],
      ],
    });
    expect(rows(l)).toEqual(['build', 1, 2, 9, 10, 'test']);
    expect(l.indexOf(5)).toBe(-1);
    expect(l.indexOf(12)).toBe(-1);
    expect(l.indexOf(9)).toBe(3);
  });

  it('shows only one step when asked', () => {
    expect(rows(layout(12, [step('build', 1, 10), step('test', 11, 12)], { ...none, onlyStep: 'test' }))).toEqual([
      'test',
      11,
      12,
    ]);
  });

  it('reads interleaved steps as one flat run, and a step still being written up to the lines that exist', () => {
    const interleaved = [
      { tag: 'a', firstLineNo: 1, lastLineNo: 5, lineCount: 3 },
      { tag: 'b', firstLineNo: 2, lastLineNo: 4, lineCount: 2 },
    ];
    expect(sectioned(interleaved)).toBe(false);
    expect(rows(layout(5, interleaved, none))).toEqual([1, 2, 3, 4, 5]);
    expect(sectioned([step('a', 1, 3), { tag: 'b', firstLineNo: null, lastLineNo: null, lineCount: 0 }])).toBe(true);
  });

  it('maps a million lines with a few segments', () => {
    const l = layout(1_000_000, [step('build', 1, 400_000), step('test', 400_001, 1_000_000)], none);
    expect(l.total).toBe(1_000_002);
    expect(l.rowAt(1_000_001)).toEqual({ kind: 'line', lineNo: 1_000_000 });
    expect(l.indexOf(400_001)).toBe(400_002);
  });
});
