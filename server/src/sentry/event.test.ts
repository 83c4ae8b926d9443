import { describe, expect, it } from 'vitest';
import { reportSchema } from '../ingest/report-schema.ts';
import { eventToReport, type SentryEvent } from './event.ts';

// Trimmed from what sentry-sdk (Python) sends for a chained exception.
const python: SentryEvent = {
  event_id: '9ec79c33ec9942ab8353589fcb2e04dc',
  timestamp: 1769769000.25,
  level: 'error',
  platform: 'python',
  server_name: 'web-1',
  release: 'rtc_backend@1.2.3',
  environment: 'production',
  exception: {
    values: [
      {
        type: 'KeyError',
        value: "'id'",
        module: null as unknown as undefined,
        stacktrace: {
          frames: [
            {
              filename: 'apps/users/views.py',
              function: 'load',
              lineno: 12,
              in_app: true,
              context_line: '    raw = data["id"]',
            },
          ],
        },
      },
      {
        type: 'ValueError',
        value: "invalid literal for int() with base 10: 'abc'",
        stacktrace: {
          frames: [
            { filename: 'django/core/handlers/base.py', function: 'get_response', lineno: 197, in_app: false },
            {
              filename: 'apps/users/views.py',
              function: 'get_user',
              lineno: 42,
              in_app: true,
              context_line: '    user_id = int(raw)',
            },
            { filename: 'json/decoder.py', function: 'decode', lineno: 337, in_app: false },
          ],
        },
      },
    ],
  },
  tags: { route: '/users' },
  user: { id: 'u_12345' },
  request: { url: 'https://api.example.com/users/abc', method: 'GET' },
  breadcrumbs: { values: [{ category: 'query', message: 'SELECT 1' }] },
  contexts: { runtime: { name: 'CPython', version: '3.11.7' } },
  sdk: { name: 'sentry.python', version: '2.19.0' },
};

describe('eventToReport', () => {
  it('takes the last exception as the error and its last in-app frame as the place', () => {
    const report = eventToReport(python, 'rtc_backend', 'WARNING')!;
    expect(report).toMatchObject({
      project_id: 'rtc_backend',
      environment: 'production',
      level: 'ERROR',
      source: 'runtime',
      version: 'rtc_backend@1.2.3',
      timestamp: '2026-01-30T10:30:00.250Z',
      error: {
        type: 'ValueError',
        message: "invalid literal for int() with base 10: 'abc'",
        file_path: 'apps/users/views.py',
        line_number: 42,
      },
    });
    expect(reportSchema.safeParse(report).success).toBe(true);
  });

  it('keeps the whole chain readable', () => {
    expect(eventToReport(python, 'p', 'WARNING')!.error.stack_trace).toEqual([
      "KeyError: 'id'",
      '    at load (apps/users/views.py:12)',
      '        raw = data["id"]',
      '',
      'The above exception caused:',
      "ValueError: invalid literal for int() with base 10: 'abc'",
      '    at get_response (django/core/handlers/base.py:197)',
      '    at get_user (apps/users/views.py:42)',
      '        user_id = int(raw)',
      '    at decode (json/decoder.py:337)',
    ]);
  });

  it('keeps contexts, tags, user, request, breadcrumbs and sdk as context', () => {
    expect(eventToReport(python, 'p', 'WARNING')!.context).toEqual({
      sentry: {
        event_id: '9ec79c33ec9942ab8353589fcb2e04dc',
        level: 'error',
        platform: 'python',
        server_name: 'web-1',
      },
      tags: { route: '/users' },
      user: { id: 'u_12345' },
      request: { url: 'https://api.example.com/users/abc', method: 'GET' },
      contexts: { runtime: { name: 'CPython', version: '3.11.7' } },
      breadcrumbs: [{ category: 'query', message: 'SELECT 1' }],
      sdk: { name: 'sentry.python', version: '2.19.0' },
    });
  });

  it('falls back to the last frame when none is in-app', () => {
    const event = {
      exception: {
        values: [
          {
            type: 'E',
            stacktrace: {
              frames: [
                { filename: 'a.js', lineno: 1 },
                { filename: 'b.js', lineno: 2 },
              ],
            },
          },
        ],
      },
    };
    expect(eventToReport(event, 'p', 'WARNING')!.error).toMatchObject({ file_path: 'b.js', line_number: 2 });
  });

  it.each([
    ['fatal', 'CRITICAL'],
    ['error', 'ERROR'],
    ['warning', 'WARNING'],
    ['info', 'WARNING'],
    ['debug', 'WARNING'],
  ])('maps level %s to %s', (level, expected) => {
    expect(eventToReport({ level, message: 'x' }, 'p', 'WARNING')!.level).toBe(expected);
  });

  it('stores info and debug as configured, or drops them', () => {
    expect(eventToReport({ level: 'info', message: 'x' }, 'p', 'ERROR')!.level).toBe('ERROR');
    expect(eventToReport({ level: 'debug', message: 'x' }, 'p', 'ignore')).toBeNull();
  });

  it('titles a message-only event by its message, so the message groups it', () => {
    const report = eventToReport(
      { level: 'warning', logentry: { formatted: 'Payment   provider\nslow' }, environment: 'staging' },
      'p',
      'WARNING',
    )!;
    expect(report.error).toEqual({
      type: 'Payment provider slow',
      message: 'Payment   provider\nslow',
      file_path: null,
      line_number: null,
      stack_trace: ['Payment   provider\nslow'],
    });
    expect(eventToReport({ message: { formatted: 'from formatted' } }, 'p', 'WARNING')!.error.type).toBe(
      'from formatted',
    );
    expect(eventToReport({ message: 'plain string' }, 'p', 'WARNING')!.error.type).toBe('plain string');
  });

  it('groups logging events by their template and shows them formatted (Python logging)', () => {
    const logged = (params: unknown, formatted?: string) =>
      eventToReport(
        {
          level: 'error',
          logger: 'shop',
          logentry: { message: 'payment failed for order %s (%d%%)', params, ...(formatted ? { formatted } : {}) },
        },
        'p',
        'WARNING',
      )!.error;
    expect(logged([42, 7])).toMatchObject({
      type: 'payment failed for order %s (%d%%)',
      message: 'payment failed for order 42 (7%)',
    });
    expect(logged(['A-1', 8]).type).toBe(logged([42, 7]).type);
    expect(logged([1, 2], 'as the SDK formatted it').message).toBe('as the SDK formatted it');
    expect(logged([]).message).toBe('payment failed for order %s (%d%)');
    const named = eventToReport(
      { logentry: { message: 'user %(user)s paid %(amount).2f', params: { user: 'ada', amount: 3.5 } } },
      'p',
      'WARNING',
    )!.error;
    expect(named).toMatchObject({ type: 'user %(user)s paid %(amount).2f', message: 'user ada paid 3.5' });
  });

  it('reads a message wrapped in a synthetic exception (JS SDKs) as a message, keeping its stack', () => {
    const report = eventToReport(
      {
        level: 'info',
        message: 'hello message',
        exception: {
          values: [
            {
              type: 'Error',
              value: 'hello message',
              mechanism: { synthetic: true },
              stacktrace: { frames: [{ filename: '/app/a.js', lineno: 5, function: 'main' }] },
            },
          ],
        },
      },
      'p',
      'WARNING',
    )!;
    expect(report.error).toEqual({
      type: 'hello message',
      message: 'hello message',
      file_path: null,
      line_number: null,
      stack_trace: ['hello message', '    at main (/app/a.js:5)'],
    });
  });
});
