import { describe, expect, it } from 'vitest';
import { generatePassword } from './password.ts';

describe('generatePassword', () => {
  it('makes long passwords without look-alike characters, different every time', () => {
    const made = Array.from({ length: 200 }, () => generatePassword());
    for (const p of made) expect(p).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{20}$/);
    expect(new Set(made).size).toBe(made.length);
    expect(generatePassword(32)).toHaveLength(32);
  });

  it('uses the whole alphabet', () => {
    const seen = new Set(Array.from({ length: 100 }, () => generatePassword(40)).join(''));
    expect(seen.size).toBe(56);
  });
});
