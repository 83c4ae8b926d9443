import { describe, expect, it } from 'vitest';
import { buildDownloadHref, buildHref, releaseHref, safeUrl, withQuery } from './links.ts';

describe('links', () => {
  it('links a release with its version encoded', () => {
    expect(releaseHref('web@1.2.0+build 7')).toBe('/releases/web%401.2.0%2Bbuild%207');
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
