// Where a ::group:: (FOLD_START) ends: its matching FOLD_END, nested groups counted, read
// forward page by page from the line after it.

type Marker = { lineNo: number; logType: string };
export type ReadForward = (afterLineNo: number, first: number) => Promise<Marker[]>;

const PAGE = 5000;
/** A group is looked for this far at most; past it, it is taken to run to the end of what was read. */
const MAX_PAGES = 40;

/** The line number of the group's FOLD_END, or the last line read when it has none (yet). */
export async function groupEnd(start: number, read: ReadForward): Promise<number> {
  let depth = 1;
  let after = start;
  for (let page = 0; page < MAX_PAGES; page++) {
    const lines = await read(after, PAGE);
    for (const l of lines) {
      if (l.logType === 'FOLD_START') depth++;
      else if (l.logType === 'FOLD_END' && --depth === 0) return l.lineNo;
    }
    if (lines.length < PAGE) return lines.at(-1)?.lineNo ?? after;
    after = lines.at(-1)!.lineNo;
  }
  return after;
}
