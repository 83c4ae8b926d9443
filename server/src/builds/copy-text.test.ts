import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unescapeCopyText, wholeLines } from './copy-text.ts';

/** What COPY's text format writes for a value (PostgreSQL's CopyAttributeOutText, tab-delimited). */
const pgEscape = (value: string) =>
  value.replace(
    /[\\\n\r\t\b\f\v]/g,
    (c) => `\\${{ '\\': '\\', '\n': 'n', '\r': 'r', '\t': 't', '\b': 'b', '\f': 'f', '\v': 'v' }[c]}`,
  );

const text = fc.string({
  unit: fc.constantFrom('a', 'é', '→', '\\', '\n', '\r', '\t', '\b', '\f', '\v', '\u001b', 'n', '😀'),
});

describe('COPY text', () => {
  it('unescapes to the rows as stored, for any text', () => {
    fc.assert(
      fc.property(fc.array(text), (rows) => {
        const copied = Buffer.from(rows.map((r) => `${pgEscape(r)}\n`).join(''));
        expect(unescapeCopyText(copied).toString()).toBe(rows.map((r) => `${r}\n`).join(''));
      }),
    );
  });

  it('passes a chunk without escapes on as it came', () => {
    const chunk = Buffer.from('plain → text\n');
    expect(unescapeCopyText(chunk)).toBe(chunk);
  });

  it('cuts any chunking at line ends only, losing and adding nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text), fc.array(fc.nat(), { maxLength: 8 }), async (rows, cuts) => {
        const whole = Buffer.from(rows.map((r) => `${pgEscape(r)}\n`).join(''));
        const at = [...new Set(cuts.map((c) => c % (whole.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...at].map((from, i) => whole.subarray(from, at[i] ?? whole.length)).filter((c) => c.length);
        const pieces: Buffer[] = [];
        for await (const piece of wholeLines(Readable.from(chunks))) pieces.push(piece);
        expect(Buffer.concat(pieces).equals(whole)).toBe(true);
        for (const piece of pieces) expect(piece.at(-1)).toBe(0x0a);
      }),
    );
  });
});
