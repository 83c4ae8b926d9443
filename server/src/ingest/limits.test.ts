import { describe, expect, it } from 'vitest';
import { LIMITS, TRUNCATED_KEY, limitContext, truncateLines, truncateText } from './limits.ts';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('truncateText', () => {
  it('leaves text within the cap alone', () => {
    expect(truncateText('short', 100)).toBe('short');
    expect(truncateText('x'.repeat(100), 100)).toBe('x'.repeat(100));
  });

  it('cuts to the cap with a marker that says how much went', () => {
    const out = truncateText('a'.repeat(10_000), 1000);
    expect(bytes(out)).toBeLessThanOrEqual(1000);
    expect(out).toMatch(/^a+… \[truncated: \d+ of 10000 bytes\]$/);
    const kept = out.indexOf('…');
    expect(out).toContain(`truncated: ${10_000 - kept} of`);
  });

  it('never splits a character', () => {
    const out = truncateText('€'.repeat(5000), 1000);
    expect(bytes(out)).toBeLessThanOrEqual(1000);
    expect(out).not.toContain('\uFFFD');
    expect(out.startsWith('€€€')).toBe(true);
  });
});

describe('truncateLines', () => {
  it('keeps a trace within the cap whole', () => {
    const lines = ['Error: x', '  at a (a.js:1)', '  at b (b.js:2)'];
    expect(truncateLines(lines, 1000)).toBe(lines);
  });

  it('keeps the first and the last lines and marks the cut in the middle', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i} ${'x'.repeat(50)}`);
    const out = truncateLines(lines, 64 * 1024);
    expect(out.reduce((n, l) => n + bytes(l) + 1, 0)).toBeLessThanOrEqual(64 * 1024);
    expect(out[0]).toBe(lines[0]);
    expect(out.at(-1)).toBe(lines.at(-1));
    const marker = out.find((l) => l.startsWith('… [truncated:'))!;
    const [, cut] = /truncated: (\d+) lines/.exec(marker)!;
    expect(out.length - 1 + Number(cut)).toBe(lines.length);
  });

  it('cuts a log sent as one string', () => {
    const [out] = truncateLines(['y'.repeat(LIMITS.stackTraceBytes * 2)], LIMITS.stackTraceBytes);
    expect(bytes(out!)).toBeLessThanOrEqual(LIMITS.stackTraceBytes);
    expect(out).toMatch(/truncated: \d+ of 524288 bytes/);
  });
});

describe('limitContext', () => {
  it('leaves a normal context alone', () => {
    const context = { job_name: 'build', tags: { a: '1' }, nested: { list: [1, 2, 3] } };
    expect(limitContext(context)).toBe(context);
  });

  it('keeps the first 100 tags and says so', () => {
    const tags = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`t${i}`, String(i)]));
    const out = limitContext({ tags, job_name: 'build' });
    expect(Object.keys(out.tags as object)).toHaveLength(100);
    expect((out.tags as Record<string, string>).t99).toBe('99');
    expect(out.job_name).toBe('build');
    expect(out[TRUNCATED_KEY]).toEqual(['tags: kept 100 of 150']);
  });

  it('cuts long strings, then drops the largest entries, to fit 64 KiB', () => {
    const out = limitContext({
      namespace: 'prod',
      env_dump: 'e'.repeat(200_000),
      many: Array.from({ length: 5000 }, (_, i) => `value number ${i}`),
    });
    expect(bytes(JSON.stringify(out))).toBeLessThanOrEqual(LIMITS.contextBytes);
    expect(out.namespace).toBe('prod');
    expect(out.env_dump).toMatch(/^e+… \[truncated: \d+ of 200000 bytes\]$/);
    expect(out.many).toBeUndefined();
    expect(out[TRUNCATED_KEY]).toEqual([
      `strings longer than ${LIMITS.contextStringBytes} bytes cut`,
      'dropped to fit 65536 bytes: many',
    ]);
  });
});
