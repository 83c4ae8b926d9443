import { describe, expect, it } from 'vitest';
import { count, duration, fullTime, timeAgo } from './format.ts';

describe('format', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it.each([
    ['2026-03-10T11:59:58Z', 'just now'],
    ['2026-03-10T11:59:30Z', '30 seconds ago'],
    ['2026-03-10T11:57:00Z', '3 minutes ago'],
    ['2026-03-10T09:00:00Z', '3 hours ago'],
    ['2026-03-09T11:00:00Z', 'yesterday'],
    ['2026-02-01T00:00:00Z', 'last month'],
    ['2026-02-20T00:00:00Z', '2 weeks ago'],
  ])('timeAgo(%s) = %s', (iso, text) => expect(timeAgo(iso, now)).toBe(text));

  it('writes full times in UTC and counts compactly', () => {
    expect(fullTime('2026-03-10T12:00:00Z')).toBe('10 Mar 2026, 12:00:00 UTC');
    expect([count(999), count(12_345), count(2_500_000)]).toEqual(['999', '12.3K', '2.5M']);
  });

  it('writes durations, running ones up to now', () => {
    const start = '2026-12-01T10:00:00.000Z';
    expect(duration(start, '2026-12-01T10:00:12.400Z')).toBe('12s');
    expect(duration(start, '2026-12-01T10:04:05.000Z')).toBe('4m 05s');
    expect(duration(start, '2026-12-01T11:02:59.000Z')).toBe('1h 02m');
    expect(duration(start, null, Date.parse('2026-12-01T10:01:00.000Z'))).toBe('1m 00s');
  });
});
