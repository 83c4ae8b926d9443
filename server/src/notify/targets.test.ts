import { describe, expect, it } from 'vitest';
import { maskTarget } from './targets.ts';

describe('maskTarget', () => {
  it('keeps the scheme and host of a webhook and hides its path and query', () => {
    expect(maskTarget('SLACK', 'https://hooks.slack.com/services/T000/B000/XXXXSECRET')).toBe(
      'https://hooks.slack.com/…',
    );
    expect(maskTarget('DINGTALK', 'https://oapi.dingtalk.com/robot/send?access_token=abc123')).toBe(
      'https://oapi.dingtalk.com/…',
    );
    expect(maskTarget('WEBHOOK', 'http://user:pw@hooks.test:8080/x?token=1')).toBe('http://hooks.test:8080/…');
    expect(maskTarget('WEBHOOK', 'not a url')).toBe('…');
  });

  it('keeps only the domains of email addresses', () => {
    expect(maskTarget('EMAIL', 'ops@example.com, oncall@team.example')).toBe('…@example.com, …@team.example');
  });
});
