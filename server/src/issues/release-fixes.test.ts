import { describe, expect, it } from 'vitest';
import { applyToFix, olderThanFix, type FixState } from './release-fixes.ts';

const now = new Date('2026-12-04T12:00:00Z');
const made = new Map([
  ['app@1.0.0', new Date('2026-11-01T00:00:00Z')],
  ['app@1.1.0', new Date('2026-11-10T00:00:00Z')],
  ['app@1.2.0', new Date('2026-11-20T00:00:00Z')],
  ['nightly-a', new Date('2026-11-02T00:00:00Z')],
  ['nightly-b', new Date('2026-11-25T00:00:00Z')],
]);
const inRelease = (fixedInRelease: string): FixState => ({ fixedInRelease, awaitsSince: null });

describe('release-aware fixes', () => {
  it('an older release does not reopen a fix in a release; the same, a newer or no version does', () => {
    const fix = inRelease('app@1.1.0');
    expect(olderThanFix('app@1.0.0', fix, made, now)).toBe(true);
    // A hotfix of an older line, made after the fix, is still older by version.
    expect(olderThanFix('app@1.0.1', fix, made, now)).toBe(true);
    expect(olderThanFix('app@1.1.0', fix, made, now)).toBe(false);
    expect(olderThanFix('app@1.2.0', fix, made, now)).toBe(false);
    expect(olderThanFix(null, fix, made, now)).toBe(false);
  });

  it('orders versions that are not semantic by when their releases were made', () => {
    const fix = inRelease('nightly-b');
    expect(olderThanFix('nightly-a', fix, made, now)).toBe(true);
    // Not yet a release: it is being made now, after the fix's.
    expect(olderThanFix('nightly-c', fix, made, now)).toBe(false);
  });

  it('"in the next release": every release that existed at the fix is older', () => {
    const fix: FixState = { fixedInRelease: null, awaitsSince: new Date('2026-11-21T00:00:00Z') };
    expect(olderThanFix('app@1.2.0', fix, made, now)).toBe(true);
    expect(olderThanFix('nightly-b', fix, made, now)).toBe(false);
    expect(olderThanFix('app@9.0.0', fix, made, now)).toBe(false);
  });

  it('counts the older reports of a batch and reopens when any other is there', () => {
    const fix = inRelease('app@1.2.0');
    const rows = [
      { version: 'app@1.0.0', timestamp: '2026-12-04T10:00:00.000Z' },
      { version: 'app@1.1.0', timestamp: '2026-12-04T11:00:00.000Z' },
    ];
    expect(applyToFix(rows, fix, made, now)).toEqual({
      reopens: false,
      olderCount: 2,
      olderLast: '2026-12-04T11:00:00.000Z',
    });
    expect(
      applyToFix([...rows, { version: null, timestamp: '2026-12-04T09:00:00.000Z' }], fix, made, now),
    ).toMatchObject({
      reopens: true,
      olderCount: 2,
    });
  });
});
