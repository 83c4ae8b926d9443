import { describe, expect, it } from 'vitest';
import { reportSchema, timestampSchema } from './report-schema.ts';

describe('timestampSchema', () => {
  it.each([
    ['2026-01-30T10:30:00Z', '2026-01-30T10:30:00.000Z'],
    ['2026-01-30T10:30:00.123Z', '2026-01-30T10:30:00.123Z'],
    ['2026-01-30T10:30:00.123456+00:00', '2026-01-30T10:30:00.123Z'],
    ['2026-01-30T18:30:00+08:00', '2026-01-30T10:30:00.000Z'],
    ['2026-01-30T18:30:00+0800', '2026-01-30T10:30:00.000Z'],
    ['2026-01-30T05:30:00-05', '2026-01-30T10:30:00.000Z'],
    ['2026-01-30T10:30:00', '2026-01-30T10:30:00.000Z'],
    ['2026-01-30 10:30:00.5', '2026-01-30T10:30:00.500Z'],
    ['2026-01-30T10:30', '2026-01-30T10:30:00.000Z'],
    ['2026-01-30t10:30:00z', '2026-01-30T10:30:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z'],
    ['0099-12-31T23:59:59Z', '0099-12-31T23:59:59.000Z'],
  ])('reads %s', (input, expected) => {
    expect(timestampSchema.parse(input).toISOString()).toBe(expected);
  });

  it.each([
    'yesterday',
    '2026-01-30',
    '2026-13-40T10:30:00Z',
    '30/01/2026 10:30',
    '',
    '2026-02-30T10:00:00Z',
    '2025-02-29T10:00:00Z',
    '2026-04-31T10:00:00Z',
    '2026-00-10T10:00:00Z',
    '2026-01-00T10:00:00Z',
    '2026-01-30T24:00:00Z',
    '2026-01-30T10:60:00Z',
    '2026-01-30T10:30:60Z',
    '2026-01-30T10:30:00+24:00',
    '2026-01-30T10:30:00+05:60',
  ])('rejects %j', (input) => {
    expect(timestampSchema.safeParse(input).success).toBe(false);
  });

  it('repeats at most the start of a long value in its message', () => {
    const result = timestampSchema.safeParse('9'.repeat(100_000));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message.length).toBeLessThan(200);
  });
});

describe('reportSchema', () => {
  const minimal = { project_id: 'p', environment: 'e', level: 'ERROR', error: { type: 'T', message: '' } };

  it('defaults the source to runtime, also for null', () => {
    expect(reportSchema.parse(minimal).source).toBe('runtime');
    expect(reportSchema.parse({ ...minimal, source: null }).source).toBe('runtime');
  });

  it('drops fields the contract does not know', () => {
    expect(reportSchema.parse({ ...minimal, extra: 1 })).not.toHaveProperty('extra');
  });

  it('trims environment and error type', () => {
    const r = reportSchema.parse({ ...minimal, environment: ' prod ', error: { type: ' E ', message: 'm' } });
    expect([r.environment, r.error.type]).toEqual(['prod', 'E']);
  });
});
