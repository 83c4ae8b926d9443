import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './session.ts';

describe('safeReturnTo', () => {
  it('keeps paths of this site and refuses anything else', () => {
    expect(safeReturnTo('/issues?status=NEW')).toBe('/issues?status=NEW');
    expect(safeReturnTo('//evil.example/x')).toBe('/');
    expect(safeReturnTo('https://evil.example/')).toBe('/');
    expect(safeReturnTo(null)).toBe('/');
  });
});
