import { describe, expect, it } from 'vitest';
import { appLabel, snippets } from './snippets.ts';

describe('onboarding snippets', () => {
  const all = snippets('rtc_backend', 'https://logs.example.com/');

  it('fill in the project id and the server URL everywhere', () => {
    expect(all.map((s) => s.id)).toEqual(['curl', 'python', 'javascript', 'ci', 'kubernetes']);
    for (const s of all.slice(0, 4)) {
      expect(s.code, s.id).toContain('rtc_backend');
      expect(s.code, s.id).toContain('https://logs.example.com');
      expect(s.code, s.id).toContain('/api/v1/logs/report');
      expect(s.code, s.id).not.toContain('https://logs.example.com//');
    }
  });

  it('derive the Kubernetes app label the monitor looks for', () => {
    expect(appLabel('log_center_api')).toBe('log-center-api');
    expect(all.at(-1)!.code).toContain('app: rtc-backend');
  });

  it('give curl a body that is valid JSON', () => {
    const body = all[0]!.code.match(/-d '([\s\S]+)'$/)![1]!;
    expect(JSON.parse(body)).toMatchObject({
      project_id: 'rtc_backend',
      level: 'WARNING',
      error: { type: 'ProjectInit' },
    });
  });

  it('send the project key when the project requires one', () => {
    const keyed = snippets('rtc_backend', 'https://logs.example.com', 'abc123');
    for (const s of keyed.slice(0, 4)) expect(s.code, s.id).toMatch(/X-Log-Center-Key["']?:? ["']?abc123/);
    expect(keyed[2]!.code).not.toContain('sendBeacon');
    for (const s of all) expect(s.code, s.id).not.toContain('X-Log-Center-Key');
  });
});
