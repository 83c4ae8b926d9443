import { describe, expect, it } from 'vitest';
import { commitUrl, repoWebUrl, safeUrl } from './links.ts';

describe('links', () => {
  it.each([
    ['https://gitea.airlabs.art/zyc/rtc_backend.git', 'https://gitea.airlabs.art/zyc/rtc_backend'],
    ['http://git.local/team/app', 'http://git.local/team/app'],
    ['git@github.com:acme/api.git', 'https://github.com/acme/api'],
    ['ssh://git@git.example.com:2222/team/app.git', 'https://git.example.com/team/app'],
    ['file:///srv/git/app.git', null],
    [null, null],
  ])('repoWebUrl(%s)', (remote, web) => expect(repoWebUrl(remote)).toBe(web));

  it('links commits that look like hashes', () => {
    expect(commitUrl('git@github.com:acme/api.git', 'abc1234def')).toBe(
      'https://github.com/acme/api/commit/abc1234def',
    );
    expect(commitUrl('git@github.com:acme/api.git', 'main')).toBeNull();
    expect(commitUrl(null, 'abc1234')).toBeNull();
  });

  it('links only http(s) URLs', () => {
    expect(safeUrl('https://ci.example.com/runs/24')).toBe('https://ci.example.com/runs/24');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl(42)).toBeNull();
  });
});
