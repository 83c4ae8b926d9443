// Terminal escapes out of a log line, for `ansi=strip` downloads: SGR colours and every other
// CSI sequence (cursor moves, erase line), OSC titles and links. The classes of each pattern
// are disjoint, so matching is linear in the text; an OSC without its terminator ends at the
// next ESC or line end, as in the dashboard's web/src/lib/ansi.ts. Every byte that starts,
// ends or delimits a match is ASCII, so the same patterns work on UTF-8 read as latin1.
// eslint-disable-next-line no-control-regex
export const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b\n]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]/g;
const ESC = 0x1b;

/** Lines of UTF-8 text without their terminal escapes. */
export const stripAnsi = (text: Buffer): Buffer =>
  text.includes(ESC) ? Buffer.from(text.toString('latin1').replace(ESCAPES, ''), 'latin1') : text;
