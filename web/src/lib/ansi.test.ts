import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { markMatches, parseAnsi, type Segment } from './ansi.ts';

describe('parseAnsi', () => {
  it('leaves plain text alone', () => {
    expect(parseAnsi('npm ERR! missing script')).toEqual([{ text: 'npm ERR! missing script' }]);
  });

  it('colours text and resets', () => {
    expect(parseAnsi('\u001b[31merror\u001b[0m: build failed')).toEqual([
      { text: 'error', fg: 'ansi-red' },
      { text: ': build failed' },
    ]);
  });

  it('combines bold, bright and background codes', () => {
    expect(parseAnsi('\u001b[1;93;41mWARN\u001b[22m x\u001b[m')).toEqual([
      { text: 'WARN', bold: true, fg: 'ansi-bright-yellow', bg: 'ansi-red' },
      { text: ' x', fg: 'ansi-bright-yellow', bg: 'ansi-red' },
    ]);
  });

  it('reads 256-colour and true-colour codes', () => {
    expect(parseAnsi('\u001b[38;5;196ma\u001b[38;2;10;20;30mb')).toEqual([
      { text: 'a', fg: 'rgb(255,0,0)' },
      { text: 'b', fg: 'rgb(10,20,30)' },
    ]);
  });

  it('drops cursor and erase sequences and terminal titles', () => {
    expect(parseAnsi('\u001b[2K\u001b[1Gdone\u001b]0;title\u0007!')).toEqual([{ text: 'done' }, { text: '!' }]);
  });
});

describe('markMatches', () => {
  it('marks every match, ignoring case, across colour changes, keeping the colours', () => {
    expect(markMatches(parseAnsi('Error: \u001b[31merr\u001b[0mor again'), 'error')).toEqual([
      { text: 'Error', mark: true },
      { text: ': ' },
      { text: 'err', fg: 'ansi-red', mark: true },
      { text: 'or', mark: true },
      { text: ' again' },
    ]);
  });

  it('leaves text without a match, and an empty search, alone', () => {
    const segments = parseAnsi('\u001b[32mok\u001b[0m');
    expect(markMatches(segments, 'fail')).toBe(segments);
    expect(markMatches(segments, '')).toBe(segments);
  });

  it('stays linear on a long repetitive line', () => {
    const line = 'a'.repeat(200_000);
    const marked = markMatches([{ text: line }], 'aa');
    expect(marked).toHaveLength(100_000);
    expect(marked.every((s) => s.mark && s.text === 'aa')).toBe(true);
  });
});

describe('markMatches, for any text and needle', () => {
  // Few letters, so that needles often match; cases and a letter whose lower case is longer.
  const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', ' ', 'é', 'İ'), maxLength: 12 });
  const segments = fc.array(fc.record({ text, fg: fc.option(fc.constantFrom('red', 'green'), { nil: undefined }) }), {
    maxLength: 5,
  });
  const needle = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', ' '), minLength: 0, maxLength: 3 });

  /** Which characters of the text are in a match: leftmost first, matches never overlapping. */
  function expectedMarks(all: string, wanted: string): boolean[] {
    const marks = Array<boolean>(all.length).fill(false);
    const hay = all.toLowerCase();
    const w = wanted.toLowerCase();
    if (!w || hay.length !== all.length) return marks;
    for (let i = 0; i + w.length <= hay.length;) {
      if (hay.slice(i, i + w.length) === w) {
        marks.fill(true, i, i + w.length);
        i += w.length;
      } else i++;
    }
    return marks;
  }

  it('keeps the text and each piece’s style, and marks exactly the matches', () => {
    fc.assert(
      fc.property(segments, needle, (segs: Segment[], n) => {
        const out = markMatches(segs, n);
        const all = segs.map((s) => s.text).join('');
        expect(out.map((s) => s.text).join('')).toBe(all);
        const marks = out.flatMap((s) => Array<boolean>(s.text.length).fill(Boolean(s.mark)));
        expect(marks).toEqual(expectedMarks(all, n));
        // Each piece lies within one input segment and has its style.
        const styleAt = segs.flatMap((s) => Array<string | undefined>(s.text.length).fill(s.fg));
        let at = 0;
        for (const piece of out) {
          for (let i = 0; i < piece.text.length; i++) expect(piece.fg).toBe(styleAt[at + i]);
          at += piece.text.length;
        }
      }),
    );
  });
});
