// Terminal escapes out of a log line, for `ansi=strip` downloads: SGR colours and every other
// CSI sequence (cursor moves, erase line), OSC titles and links. The classes of each pattern
// are disjoint, so matching is linear in the line; an OSC without its terminator ends at the
// next ESC, as in the dashboard's web/src/lib/ansi.ts.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]/g;

export const stripAnsi = (line: string) => (line.includes('\u001b') ? line.replace(ESCAPES, '') : line);
