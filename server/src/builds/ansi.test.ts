import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ESCAPES, stripAnsi } from './ansi.ts';

const strip = (text: string) => stripAnsi(Buffer.from(text)).toString();

describe('stripAnsi', () => {
  it('removes colours, other CSI sequences, OSC titles and links, and keeps the text', () => {
    expect(strip('\u001b[1;31merror\u001b[0m: \u001b[2Kdone → ok\n')).toBe('error: done → ok\n');
    expect(strip('\u001b]8;;https://x.test/é\u001b\\link\u001b]8;;\u001b\\ and \u001b]0;title\u0007after\n')).toBe(
      'link and after\n',
    );
  });

  it('ends an OSC without its terminator at the line end, not on the next line', () => {
    expect(strip('a\u001b]0;unterminated\nnext line\n')).toBe('a\nnext line\n');
  });

  it('on bytes does what the patterns do on the text, for any text: UTF-8 is never cut', () => {
    const unit = fc.constantFrom('a', '[', ']', ';', '0', 'm', ' ', '\u0007', '\\', 'é', '→', '😀', '\u001b', '\n');
    fc.assert(
      fc.property(fc.string({ unit }), (text) => {
        expect(strip(text)).toBe(text.replace(ESCAPES, ''));
      }),
    );
  });
});
