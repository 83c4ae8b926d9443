// The lines of one execution the viewer has read, by line number, in pages of CHUNK: it asks
// only for the pages in view, one request per page at a time, and forgets the pages read
// longest ago past a bound, so a million-line log costs what is on screen.

export const CHUNK = 500;
const KEEP_CHUNKS = 400;
/** A page that came back short (a log still being written) is asked again no sooner than this. */
const RETRY_MS = 1000;

export type LineOf<L> = L & { lineNo: number };
export type FetchPage<L> = (afterLineNo: number, first: number) => Promise<LineOf<L>[]>;

export class LineCache<L> {
  private chunks = new Map<number, (LineOf<L> | undefined)[]>();
  private inFlight = new Set<number>();
  private askedAt = new Map<number, number>();

  constructor(
    private readonly fetchPage: FetchPage<L>,
    /** Called when lines arrive, so the view draws them. */
    private readonly changed: () => void,
  ) {}

  get(lineNo: number): LineOf<L> | undefined {
    return this.chunks.get(Math.floor((lineNo - 1) / CHUNK))?.[(lineNo - 1) % CHUNK];
  }

  /** Lines that came live: kept where they belong. */
  put(lines: LineOf<L>[]) {
    for (const line of lines) {
      const c = Math.floor((line.lineNo - 1) / CHUNK);
      let chunk = this.chunks.get(c);
      if (!chunk) this.chunks.set(c, (chunk = []));
      chunk[(line.lineNo - 1) % CHUNK] = line;
    }
    this.trim();
    if (lines.length) this.changed();
  }

  /** Asks for the pages of `lineNos` (of lines that exist) that are missing. */
  want(lineNos: Iterable<number>) {
    const missing = new Set<number>();
    for (const n of lineNos) if (!this.get(n)) missing.add(Math.floor((n - 1) / CHUNK));
    for (const c of missing) void this.load(c);
  }

  private async load(c: number) {
    const asked = this.askedAt.get(c);
    if (this.inFlight.has(c) || (asked !== undefined && Date.now() - asked < RETRY_MS)) return;
    this.inFlight.add(c);
    this.askedAt.set(c, Date.now());
    try {
      const lines = await this.fetchPage(c * CHUNK, CHUNK);
      // Touching a chunk makes it the newest: Map order is the order of last use.
      const chunk = this.chunks.get(c) ?? [];
      this.chunks.delete(c);
      for (const line of lines) chunk[(line.lineNo - 1) % CHUNK] = line;
      this.chunks.set(c, chunk);
      this.trim();
      this.changed();
    } finally {
      this.inFlight.delete(c);
    }
  }

  private trim() {
    for (const c of this.chunks.keys()) {
      if (this.chunks.size <= KEEP_CHUNKS) break;
      this.chunks.delete(c);
      this.askedAt.delete(c);
    }
  }
}
