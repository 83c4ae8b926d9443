// Signatures receivers check: HMAC-SHA256 of our webhook bodies, and DingTalk's URL signing.
import { createHmac } from 'node:crypto';

/** `sha256=<hex>` of `<timestamp>.<body>`: receivers recompute it and compare. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** DingTalk robots with 加签: timestamp and sign = Base64(HMAC-SHA256(secret, "timestamp\nsecret")) as query parameters. */
export function dingTalkUrl(webhook: string, secret: string | null, now = Date.now()): string {
  if (!secret) return webhook;
  const sign = createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64');
  const url = new URL(webhook);
  url.searchParams.set('timestamp', String(now));
  url.searchParams.set('sign', sign);
  return url.toString();
}
