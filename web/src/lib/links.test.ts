import { describe, expect, it } from 'vitest';
import { buildDownloadHref, buildHref, commitUrl, repoWebUrl, safeUrl, withQuery } from './links.ts';

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

  it('links a build with its pipeline name encoded (spaces, slashes, Unicode), at a line', () => {
    const b = { projectId: 'rtc_backend', pipeline: 'Build / 部署', number: '24' };
    expect(buildHref(b)).toBe('/builds/rtc_backend/Build%20%2F%20%E9%83%A8%E7%BD%B2/24');
    expect(buildHref(b, 120)).toBe('/builds/rtc_backend/Build%20%2F%20%E9%83%A8%E7%BD%B2/24#L120');
    expect(buildDownloadHref(b, { executeCount: 2, tag: 'unit tests', strip: true })).toBe(
      '/api/v1/builds/rtc_backend/Build%20%2F%20%E9%83%A8%E7%BD%B2/24/logs/download?executeCount=2&ansi=strip&tag=unit+tests',
    );
  });

  it('sets and removes query parameters, dropping the fragment', () => {
    const url = new URL('http://dash/builds/p/Nightly/7?step=test&run=2#L40');
    expect(withQuery(url, { step: null })).toBe('/builds/p/Nightly/7?run=2');
    expect(withQuery(url, { step: 'unit tests', run: null })).toBe('/builds/p/Nightly/7?step=unit+tests');
    expect(withQuery(new URL('http://dash/builds'), {})).toBe('/builds');
  });
});
