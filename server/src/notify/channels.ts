// Sending a notice over its rule's channel. Throws with the reason when it did not arrive.
import type { NotificationChannel } from '../generated/prisma/enums.ts';
import { dingTalkBody, plainText, slackBody, title, webhookBody, type Notice } from './messages.ts';
import { dingTalkUrl, webhookSignature } from './signing.ts';

export type ChannelConfig = { smtpUrl: string | undefined; smtpFrom: string; timeoutMs: number };
export type SendResult = { responseStatus: number | null };

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly responseStatus: number | null = null,
  ) {
    super(message);
  }
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number) {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'LogCenter-Notifier/1', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause;
    throw new DeliveryError(`cannot reach ${new URL(url).host}: ${cause?.message ?? (err as Error).message}`);
  }
  // Only the status is kept of a refusal: the receiver's body is its own, and people who may
  // not see the target read the delivery log.
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new DeliveryError(`HTTP ${res.status}${res.statusText ? ` ${res.statusText.slice(0, 60)}` : ''}`, res.status);
  }
  const text = await res.text().catch(() => '');
  return { status: res.status, text };
}

export async function send(
  rule: { channel: NotificationChannel; target: string; secret: string | null },
  notice: Notice,
  config: ChannelConfig,
): Promise<SendResult> {
  switch (rule.channel) {
    case 'WEBHOOK': {
      const body = JSON.stringify(webhookBody(notice));
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = {
        'x-logcenter-event': 'notification',
        'x-logcenter-delivery': String(notice.deliveryId),
        'x-logcenter-timestamp': timestamp,
        ...(rule.secret ? { 'x-logcenter-signature': webhookSignature(rule.secret, timestamp, body) } : {}),
      };
      return { responseStatus: (await post(rule.target, body, headers, config.timeoutMs)).status };
    }
    case 'SLACK':
      return {
        responseStatus: (await post(rule.target, JSON.stringify(slackBody(notice)), {}, config.timeoutMs)).status,
      };
    case 'DINGTALK': {
      const res = await post(
        dingTalkUrl(rule.target, rule.secret),
        JSON.stringify(dingTalkBody(notice)),
        {},
        config.timeoutMs,
      );
      // DingTalk answers 200 with an error code when it refuses a message.
      let answer: { errcode?: number } = {};
      try {
        answer = JSON.parse(res.text);
      } catch {
        // not JSON: judged by the status alone
      }
      if (answer.errcode !== undefined && answer.errcode !== 0)
        throw new DeliveryError(`DingTalk refused the message (errcode ${Number(answer.errcode)})`, res.status);
      return { responseStatus: res.status };
    }
    case 'EMAIL': {
      if (!config.smtpUrl) throw new DeliveryError('SMTP_URL is not configured');
      const url = new URL(config.smtpUrl);
      url.searchParams.set('connectionTimeout', String(config.timeoutMs));
      url.searchParams.set('socketTimeout', String(config.timeoutMs));
      // Loaded on first use: most installations never send email, and it is 5 MB of heap.
      const { default: nodemailer } = await import('nodemailer');
      const transport = nodemailer.createTransport(url.toString());
      try {
        await transport.sendMail({
          from: config.smtpFrom,
          to: rule.target,
          subject: title(notice),
          text: plainText(notice),
        });
      } catch (err) {
        throw new DeliveryError(`SMTP: ${(err as Error).message}`);
      } finally {
        transport.close();
      }
      return { responseStatus: null };
    }
  }
}
