import { describe, expect, it } from 'vitest';
import { fold, minifiedTrace, parseFrame, traceLines } from './stacktrace.ts';

describe('parseFrame', () => {
  it.each([
    [
      '  File "apps/users/views.py", line 42, in get_user',
      { file: 'apps/users/views.py', line: 42, fn: 'get_user', inApp: true },
    ],
    [
      '  File "/usr/lib/python3.11/json/decoder.py", line 337, in decode',
      { file: '/usr/lib/python3.11/json/decoder.py', line: 337, fn: 'decode', inApp: false },
    ],
    ['    at main (src/app.ts:10:5)', { fn: 'main', file: 'src/app.ts', line: 10, column: 5, inApp: true }],
    [
      '    at /srv/app/node_modules/express/lib/router.js:284:7',
      { file: '/srv/app/node_modules/express/lib/router.js', line: 284, column: 7, inApp: false },
    ],
    [
      '    at async Server.handle (file:///srv/app/server.js:9:3)',
      { fn: 'async Server.handle', file: 'file:///srv/app/server.js', line: 9, column: 3, inApp: true },
    ],
    ['\tat com.acme.Api.handle(Api.java:123)', { fn: 'com.acme.Api.handle', file: 'Api.java', line: 123, inApp: true }],
    [
      '#0      main (package:airhub/main.dart:12:7)',
      { fn: 'main', file: 'package:airhub/main.dart', line: 12, column: 7, inApp: true },
    ],
    [
      'render@https://app.example.com/assets/index.js:10:5',
      { fn: 'render', file: 'https://app.example.com/assets/index.js', line: 10, column: 5, inApp: true },
    ],
    ["app/models/user.rb:12:in 'save'", { file: 'app/models/user.rb', line: 12, fn: 'save', inApp: true }],
    ['\t/app/server/handler.go:88 +0x1d', { file: '/app/server/handler.go', line: 88, inApp: true }],
  ])('%s', (text, frame) => {
    expect(parseFrame(text)).toEqual(frame);
  });

  it.each([
    'Traceback (most recent call last):',
    "ValueError: invalid literal for int() with base 10: 'abc'",
    'npm ERR! code 1',
    '',
  ])('finds no frame in %j', (text) => expect(parseFrame(text)).toBeUndefined());
});

describe('traceLines', () => {
  it('splits items holding several lines (Python format_exception) and CRLF logs', () => {
    const lines = traceLines([
      'Traceback (most recent call last):\n',
      '  File "a.py", line 1, in <module>\n    x()\n',
      'E: boom\r\nnext',
    ]);
    expect(lines.map((l) => l.text)).toEqual([
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in <module>',
      '    x()',
      'E: boom',
      'next',
    ]);
    expect(lines[1]!.frame).toMatchObject({ file: 'a.py', line: 1 });
  });
});

describe('fold', () => {
  it('keeps short traces whole and folds the middle of long ones', () => {
    const short = traceLines(Array.from({ length: 20 }, (_, i) => `line ${i}`));
    expect(fold(short)).toEqual({ head: short, hidden: 0, tail: [] });
    const long = traceLines(Array.from({ length: 100 }, (_, i) => `line ${i}`));
    const f = fold(long, 10);
    expect([f.head.length, f.hidden, f.tail.length]).toEqual([10, 80, 10]);
    expect(f.tail.at(-1)!.text).toBe('line 99');
  });
});

describe('minifiedTrace', () => {
  it('is the trace the server kept when source maps resolved the report', () => {
    expect(minifiedTrace({ _minified: { stack_trace: ['TypeError: x', '    at n (app.min.js:1:99)'] } })).toEqual([
      'TypeError: x',
      '    at n (app.min.js:1:99)',
    ]);
    expect(minifiedTrace({ other: 1 })).toBeNull();
    expect(minifiedTrace(null)).toBeNull();
    expect(minifiedTrace({ _minified: { stack_trace: [1, 2] } })).toBeNull();
  });
});
