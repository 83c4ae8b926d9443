import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dingTalkUrl, webhookSignature } from './signing.ts';

describe('signing', () => {
  it('signs webhook bodies with the timestamp', () => {
    const sig = webhookSignature('s3cret', '1700000000', '{"a":1}');
    expect(sig).toBe(`sha256=${createHmac('sha256', 's3cret').update('1700000000.{"a":1}').digest('hex')}`);
  });

  it('adds timestamp and sign to DingTalk URLs, as DingTalk documents', () => {
    const url = new URL(dingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', 'SEC123', 1700000000000));
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe('1700000000000');
    expect(url.searchParams.get('sign')).toBe(
      createHmac('sha256', 'SEC123').update('1700000000000\nSEC123').digest('base64'),
    );
    expect(dingTalkUrl('https://x/robot', null)).toBe('https://x/robot');
  });
});
