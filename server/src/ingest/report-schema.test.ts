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
  ])('reads %s', (input, expected) => {
    expect(timestampSchema.parse(input).toISOString()).toBe(expected);
  });

  it.each(['yesterday', '2026-01-30', '2026-13-40T10:30:00Z', '30/01/2026 10:30', ''])('rejects %j', (input) => {
    expect(timestampSchema.safeParse(input).success).toBe(false);
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
