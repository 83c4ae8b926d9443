import { describe, expect, it } from 'vitest';
import { parseCrash } from './parse-crash.ts';

describe('parseCrash', () => {
  it('reads a Go panic, skipping runtime frames', () => {
    const out = `starting server
panic: runtime error: invalid memory address or nil pointer dereference
[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]

goroutine 1 [running]:
runtime.throw({0x4c1a2e?, 0x0?})
\t/usr/local/go/src/runtime/panic.go:1047 +0x5d
main.(*Server).handle(0x0, {0x0, 0x0})
\t/app/server/handler.go:88 +0x1d
main.main()
\t/app/main.go:20 +0x3c
exit status 2`;
    expect(parseCrash(out)).toEqual({
      type: 'runtime.Error',
      message: 'runtime error: invalid memory address or nil pointer dereference',
      filePath: '/app/server/handler.go',
      lineNumber: 88,
    });
  });

  it('reads a plain Go panic and a fatal error', () => {
    expect(
      parseCrash('panic: config missing\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:9 +0x1'),
    ).toMatchObject({ type: 'panic', message: 'config missing', lineNumber: 9 });
    expect(parseCrash('fatal error: concurrent map writes\n')).toMatchObject({
      type: 'fatal error',
      message: 'concurrent map writes',
    });
  });

  it('reads the last Python traceback', () => {
    const out = `Traceback (most recent call last):
  File "/srv/app/main.py", line 12, in <module>
    main()
  File "/srv/app/users.py", line 42, in get_user
    user_id = int(raw)
ValueError: invalid literal for int() with base 10: 'abc'`;
    expect(parseCrash(out)).toEqual({
      type: 'ValueError',
      message: "invalid literal for int() with base 10: 'abc'",
      filePath: '/srv/app/users.py',
      lineNumber: 42,
    });
    expect(
      parseCrash('Traceback (most recent call last):\n  File "x.py", line 1, in <module>\nKeyboardInterrupt'),
    ).toMatchObject({ type: 'KeyboardInterrupt', message: '' });
  });

  it('reads a Java exception', () => {
    const out = `Exception in thread "main" java.lang.IllegalStateException: not configured
\tat com.acme.App.start(App.java:31)
\tat com.acme.App.main(App.java:10)`;
    expect(parseCrash(out)).toEqual({
      type: 'java.lang.IllegalStateException',
      message: 'not configured',
      filePath: 'App.java',
      lineNumber: 31,
    });
  });

  it("reads Node's uncaught exception report", () => {
    const out = `/srv/app/index.js:3
  throw new TypeError('boom');
  ^

TypeError: boom
    at Object.<anonymous> (/srv/app/index.js:3:9)
    at Module._compile (node:internal/modules/cjs/loader:1554:14)

Node.js v20.20.2`;
    expect(parseCrash(out)).toEqual({
      type: 'TypeError',
      message: 'boom',
      filePath: '/srv/app/index.js',
      lineNumber: 3,
    });
  });

  it('finds nothing in ordinary output', () => {
    expect(parseCrash('listening on :8080\nshutting down\n')).toBeNull();
  });
});
