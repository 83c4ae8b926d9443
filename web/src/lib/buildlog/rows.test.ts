import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
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

describe('build log rows, for any steps, folds and hidden ranges', () => {
  /** Lines 1..n cut into consecutive blocks, some of them steps: a log that reads as sections. */
  const sectionedLog = fc.integer({ min: 0, max: 120 }).chain((n) =>
    fc
      .record({
        cuts: fc.uniqueArray(fc.integer({ min: 2, max: Math.max(2, n) }), { maxLength: 8 }),
        tagged: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
      })
      .map(({ cuts, tagged }) => {
        const starts = [1, ...cuts.filter((c) => c <= n).sort((a, b) => a - b)];
        const steps = starts.flatMap((first, i) => {
          const last = (starts[i + 1] ?? n + 1) - 1;
          return n > 0 && tagged[i] ? [step(`s${i}`, first, last)] : [];
        });
        return { n, steps };
      }),
  );
  const view = ({ n, steps }: { n: number; steps: StepInfo[] }) =>
    fc.record({
      onlyStep: fc.option(fc.constantFrom(...steps.map((s) => s.tag), 'absent'), { nil: null }),
      foldedSteps: fc.subarray(steps.map((s) => s.tag)).map((t) => new Set(t)),
      hidden: fc.array(
        fc
          .tuple(fc.integer({ min: 1, max: n + 1 }), fc.integer({ min: 0, max: 10 }))
          .map(([a, len]): [number, number] => [a, a + len]),
        { maxLength: 5 },
      ),
    });

  /** The rows one by one, as a reader would list them. */
  function expected(
    n: number,
    steps: StepInfo[],
    v: { onlyStep: string | null; foldedSteps: Set<string>; hidden: [number, number][] },
  ) {
    const hidden = (l: number) => v.hidden.some(([a, b]) => a <= l && l <= b);
    const owner = (l: number) => steps.find((s) => s.firstLineNo! <= l && l <= s.lastLineNo!);
    const out: (string | number)[] = [];
    for (let l = 1; l <= n; l++) {
      const s = owner(l);
      if (v.onlyStep && s?.tag !== v.onlyStep) continue;
      if (s && s.firstLineNo === l) out.push(s.tag);
      if (s && v.foldedSteps.has(s.tag)) continue;
      if (!hidden(l)) out.push(l);
    }
    return out;
  }

  it('lists exactly the rows a reader expects, and finds each line and step where it is', () => {
    fc.assert(
      fc.property(
        sectionedLog.chain((log) => fc.tuple(fc.constant(log), view(log))),
        ([{ n, steps }, v]) => {
          const l = layout(n, steps, v);
          const want = expected(n, steps, v);
          expect(rows(l)).toEqual(want);
          expect(l.rowAt(-1)).toBeUndefined();
          expect(l.rowAt(l.total)).toBeUndefined();
          for (let line = 1; line <= n; line++) expect(l.indexOf(line)).toBe(want.indexOf(line));
          for (const s of steps) expect(l.indexOfStep(s.tag)).toBe(want.indexOf(s.tag));
        },
      ),
    );
  });

  it('shows every line that is not hidden, in order, when the steps interleave', () => {
    const interleaved = fc.integer({ min: 1, max: 100 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        steps: fc.array(
          fc
            .record({ a: fc.integer({ min: 1, max: n }), b: fc.integer({ min: 1, max: n }), count: fc.nat(n) })
            .map(({ a, b, count }) => ({
              tag: `t${a}-${b}`,
              firstLineNo: Math.min(a, b),
              lastLineNo: Math.max(a, b),
              lineCount: count,
            })),
          { maxLength: 4 },
        ),
        hidden: fc.array(
          fc.tuple(fc.integer({ min: 1, max: n }), fc.nat(5)).map(([a, k]): [number, number] => [a, a + k]),
          {
            maxLength: 4,
          },
        ),
      }),
    );
    fc.assert(
      fc.property(interleaved, ({ n, steps, hidden }) => {
        fc.pre(!sectioned(steps));
        const l = layout(n, steps, { foldedSteps: new Set(steps.map((s) => s.tag)), hidden });
        const shown = Array.from({ length: n }, (_, i) => i + 1).filter(
          (x) => !hidden.some(([a, b]) => a <= x && x <= b),
        );
        expect(rows(l)).toEqual(shown);
      }),
    );
  });
});
