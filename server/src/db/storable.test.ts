import { describe, expect, it } from 'vitest';
import { storable } from './storable.ts';

describe('storable', () => {
  it('replaces NUL characters and lone surrogates, which PostgreSQL cannot store, everywhere in a value', () => {
    expect(storable({ a: 'x\u0000y', b: ['\u0000'], 'k\u0000': { n: 1, s: null }, c: 'a\ud800b' })).toEqual({
      a: 'x\uFFFDy',
      b: ['\uFFFD'],
      'k\uFFFD': { n: 1, s: null },
      c: 'a\uFFFDb',
    });
  });

  it('returns strings without them as they are', () => {
    const s = 'plain';
    expect(storable(s)).toBe(s);
  });
});
