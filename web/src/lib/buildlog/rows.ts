// What a build log's viewer shows, row by row, without holding a row per line: a short list
// of segments (a step's header, a run of line numbers) that a million-line log maps onto.
// Folded steps and folded groups (::group:: … ::endgroup::) drop their lines from the runs.

export type StepInfo = { tag: string; firstLineNo: number | null; lastLineNo: number | null; lineCount: number };
export type Row = { kind: 'step'; tag: string } | { kind: 'line'; lineNo: number };
type Segment = { kind: 'step'; tag: string; at: number } | { kind: 'lines'; from: number; to: number; at: number };

/** Whole ranges of line numbers, inclusive. */
export type Range = [number, number];

/** Steps whose lines lie together, in order, one after another: the log reads as sections. */
export function sectioned(steps: StepInfo[]): boolean {
  let end = 0;
  for (const s of [...steps].sort((a, b) => (a.firstLineNo ?? Infinity) - (b.firstLineNo ?? Infinity))) {
    if (s.firstLineNo === null || s.lastLineNo === null) continue;
    if (s.firstLineNo <= end || s.lastLineNo - s.firstLineNo + 1 !== s.lineCount) return false;
    end = s.lastLineNo;
  }
  return true;
}

/** `from..to` without the hidden ranges (sorted by start; nested or overlapping ones allowed). */
function visibleRuns(from: number, to: number, hidden: Range[]): Range[] {
  const runs: Range[] = [];
  let next = from;
  for (const [a, b] of hidden) {
    if (b < next) continue;
    if (a > to) break;
    if (a > next) runs.push([next, Math.min(a - 1, to)]);
    next = Math.max(next, b + 1);
    if (next > to) break;
  }
  if (next <= to) runs.push([next, to]);
  return runs;
}

export type Layout = {
  total: number;
  rowAt(index: number): Row | undefined;
  /** The row showing the line, or -1 when it is folded away (or not in this view). */
  indexOf(lineNo: number): number;
  indexOfStep(tag: string): number;
};

/**
 * The rows of lines 1..lineCount: with section headers when the steps are `sectioned`, only
 * `onlyStep`'s when given, without the folded steps' lines and the hidden ranges.
 */
export function layout(
  lineCount: number,
  steps: StepInfo[],
  { onlyStep, foldedSteps, hidden }: { onlyStep?: string | null; foldedSteps: Set<string>; hidden: Range[] },
): Layout {
  const segments: Segment[] = [];
  let at = 0;
  const sortedHidden = [...hidden].sort((a, b) => a[0] - b[0]);
  const lines = (from: number, to: number) => {
    for (const [a, b] of visibleRuns(from, to, sortedHidden)) {
      segments.push({ kind: 'lines', from: a, to: b, at });
      at += b - a + 1;
    }
  };
  const ordered = steps
    .filter((s) => s.firstLineNo !== null && s.lastLineNo !== null)
    .sort((a, b) => a.firstLineNo! - b.firstLineNo!);
  if (!sectioned(steps)) {
    lines(1, lineCount);
  } else {
    let next = 1;
    for (const s of ordered) {
      if (onlyStep && s.tag !== onlyStep) continue;
      if (!onlyStep && s.firstLineNo! > next) lines(next, s.firstLineNo! - 1);
      segments.push({ kind: 'step', tag: s.tag, at: at++ });
      if (!foldedSteps.has(s.tag)) lines(s.firstLineNo!, Math.min(s.lastLineNo!, lineCount));
      next = s.lastLineNo! + 1;
    }
    if (!onlyStep && next <= lineCount) lines(next, lineCount);
  }

  const segmentAt = (index: number) => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid]!.at <= index) lo = mid;
      else hi = mid - 1;
    }
    return segments[lo];
  };
  const runs = segments.filter((s) => s.kind === 'lines');
  return {
    total: at,
    rowAt(index) {
      if (index < 0 || index >= at) return undefined;
      const s = segmentAt(index)!;
      return s.kind === 'step' ? { kind: 'step', tag: s.tag } : { kind: 'line', lineNo: s.from + index - s.at };
    },
    indexOf(lineNo) {
      let lo = 0;
      let hi = runs.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const r = runs[mid]!;
        if (lineNo < r.from) hi = mid - 1;
        else if (lineNo > r.to) lo = mid + 1;
        else return r.at + lineNo - r.from;
      }
      return -1;
    },
    indexOfStep(tag) {
      return segments.find((s) => s.kind === 'step' && s.tag === tag)?.at ?? -1;
    },
  };
}
