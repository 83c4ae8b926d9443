import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareReleases, compareVersions, parseVersion } from './versions.ts';

const at = (iso: string) => new Date(iso);

describe('release order', () => {
  it('parses package, numbers, pre-release and build', () => {
    expect(parseVersion('backend@1.4.2-rc.1+45')).toEqual({
      pkg: 'backend',
      numbers: [1, 4, 2],
      pre: ['rc', '1'],
      build: '45',
    });
    expect(parseVersion('v2.0')).toEqual({ pkg: '', numbers: [2, 0], pre: [], build: '' });
    expect(parseVersion('@scope/pkg@3.1.0')?.pkg).toBe('@scope/pkg');
    for (const notSemantic of ['a1b2c3d', 'latest', '1.2.3.4.5', '1..2', 'pkg@', ''])
      expect(parseVersion(notSemantic), notSemantic).toBeNull();
  });

  it('orders semantic versions as semver does, build numbers last', () => {
    const sorted = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.0+2',
      '1.0.0+10',
      '1.0.1',
      '1.2',
      '1.10.0',
      '2.0.0',
    ];
    for (let i = 0; i < sorted.length - 1; i++) {
      expect(compareVersions(sorted[i]!, sorted[i + 1]!), `${sorted[i]} < ${sorted[i + 1]}`).toBeLessThan(0);
      expect(compareVersions(sorted[i + 1]!, sorted[i]!)).toBeGreaterThan(0);
    }
    expect(compareVersions('1.2', '1.2.0')).toBe(0);
  });

  it('falls back to creation time for other versions and other packages', () => {
    const older = { version: 'a1b2c3d', createdAt: at('2026-01-01T00:00:00Z') };
    const newer = { version: '0f9e8d7', createdAt: at('2026-01-02T00:00:00Z') };
    expect(compareReleases(older, newer)).toBeLessThan(0);
    // 9.0.0 of one package says nothing about 1.0.0 of another.
    const api = { version: 'api@9.0.0', createdAt: at('2026-01-01T00:00:00Z') };
    const web = { version: 'web@1.0.0', createdAt: at('2026-01-02T00:00:00Z') };
    expect(compareReleases(api, web)).toBeLessThan(0);
    // Semantic order wins over creation order when both parse.
    const hotfix = { version: '1.0.1', createdAt: at('2026-01-03T00:00:00Z') };
    const major = { version: '2.0.0', createdAt: at('2026-01-02T00:00:00Z') };
    expect(compareReleases(hotfix, major)).toBeLessThan(0);
    expect(compareReleases(hotfix, hotfix)).toBe(0);
  });

  it('is a consistent order for any versions', () => {
    const part = fc.integer({ min: 0, max: 30 }).map(String);
    const version = fc.oneof(
      fc
        .tuple(part, part, part, fc.constantFrom('', '-rc.1', '-beta', '+7'))
        .map(([a, b, c, s]) => `${a}.${b}.${c}${s}`),
      fc.string({ maxLength: 8 }),
    );
    const release = fc.record({ version, createdAt: fc.integer({ min: 0, max: 1e6 }).map((n) => new Date(n)) });
    fc.assert(
      fc.property(release, release, (a, b) => {
        expect(Math.sign(compareReleases(a, b))).toBe(-Math.sign(compareReleases(b, a)) || 0);
      }),
    );
  });

  it('takes linear time on hostile versions', () => {
    const hostile = `1${'.1'.repeat(50_000)}-${'a.'.repeat(50_000)}!`;
    const started = performance.now();
    expect(parseVersion(hostile)).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });
});
