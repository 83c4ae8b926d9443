// Every function that runs patterns over report text — the server's scrubber and Sentry
// mapping, the dashboard's stack-frame and ANSI parsers, the SDK's and the crash supervisor's
// frame finders, the request paths the per-address limits match, the build log's array
// literals — takes time linear in its input. Property-based: long strings made of pieces
// of the patterns themselves (the inputs that make backtracking patterns explode). A
// quadratic pattern needs seconds on 30,000 characters; a linear one a few milliseconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scrubContext, scrubText } from '../server/src/ingest/scrub.ts';
import { eventToReport } from '../server/src/sentry/event.ts';
import { parseSearch } from '../server/src/issues/search.ts';
import { parseFrame, traceLines } from '../web/src/lib/stacktrace.ts';
import { parseAnsi } from '../web/src/lib/ansi.ts';
import { location } from '../packages/sdk/src/stack.ts';
import { parseCrash } from '../tools/supervisor/parse-crash.ts';
import { isReportEndpoint } from '../server/src/ingest/endpoints.ts';
import { isBuildLogWrite } from '../server/src/builds/endpoints.ts';
import { textArray } from '../server/src/db/pg-array.ts';
import { repeatTo, WORST_PIECES } from './helpers/hostile.ts';

const PIECES = [
  ...WORST_PIECES,
  'a',
  ' ',
  '\t',
  '\n',
  'x1',
  '1',
  '1 ',
  '1-',
  ':',
  ':1',
  ':1:',
  'a:1:1',
  '(',
  ')',
  ' (',
  'a (',
  'at ',
  '  at ',
  'async ',
  'file://',
  '@',
  'a@',
  'File "',
  '", line 1',
  ', in ',
  '#1 ',
  "a.rb:1:in '",
  '\t/a.go:1',
  '.go:1 ',
  '+0x1',
  '/',
  'Error',
  'Error: ',
  'Exception',
  'panic: ',
  'fatal error: ',
  'Traceback',
  '\tat a.B(C.java:1)',
  '$',
  '.',
  'password',
  'token',
  'auth',
  'api_key',
  'api-',
  'secret',
  '=',
  '"',
  "'",
  '&',
  ',',
  ';',
  '\u001b',
  '\u001b[',
  '\u001b[1',
  '\u001b]',
  '\u0007',
  'status:',
  '-',
  '"q',
  'key:v',
  '?',
  'logs',
  '/api/v1/builds/',
  'build/logs/print',
];

/** A string of about `length` characters: a few pieces, repeated. */
const hostile = (length: number) =>
  fc
    .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 })
    .map((pieces) => repeatTo(pieces.join(''), length));

const LENGTH = 30_000;
const LIMIT_MS = 250;

const PARSERS: Record<string, (s: string) => unknown> = {
  scrubText,
  scrubContext: (s) => scrubContext({ [s.slice(0, 100)]: s, list: [s.slice(0, 50), s] }),
  'Sentry message title': (s) => eventToReport({ message: s }, 'p', 'WARNING'),
  'Sentry logging placeholders': (s) =>
    eventToReport({ logentry: { message: `%${s}%(${s.slice(0, 50)})s%0${s}`, params: [s, 1, 2] } }, 'p', 'WARNING'),
  'issue search': (s) => parseSearch(s),
  'dashboard frames': (s) => traceLines([s, s.slice(0, 999)]).length + (parseFrame(s.slice(0, 999)) ? 1 : 0),
  'dashboard ANSI': parseAnsi,
  'SDK frames': (s) => location(`Error: x\n${s}\n    at ${s}`),
  'request paths of the limited writers': (s) =>
    isReportEndpoint(`/api/${s}`) || isBuildLogWrite('POST', `/api/v1/builds/${s}`) || isBuildLogWrite('PUT', `/${s}`),
  'build-log array literals': (s) => textArray([s, s.slice(0, 99), null]),
  'crash parser': (s) => parseCrash(`${s}\n${s}\npanic: ${s}\n\t${s}\nTraceback\n  File "${s}", line 1\n${s}`),
};

describe('patterns over report text take linear time', () => {
  for (const [name, parse] of Object.entries(PARSERS)) {
    it(name, () => {
      fc.assert(
        fc.property(hostile(LENGTH), (s) => {
          const started = performance.now();
          parse(s);
          const ms = performance.now() - started;
          expect(ms, `${name} took ${ms.toFixed(0)} ms on ${JSON.stringify(s.slice(0, 40))}…`).toBeLessThan(LIMIT_MS);
        }),
        { numRuns: 150 },
      );
    });
  }
});
