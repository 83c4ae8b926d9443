import { describe, expect, it } from 'vitest';
import { dingTalkBody, plainText, slackBody, webhookBody, type Notice, type NoticeEvent } from './messages.ts';

const hostile = {
  project: '<https://evil.example|Acme> [proj](https://evil.example)',
  errorType: '<https://evil.example|Click here>',
  message:
    'see [phish](https://evil.example) ![img](https://evil.example/x.png) <b>bold</b> &amp; <!channel>\n### Fake heading\n- [more](https://evil.example)',
};

function notice(count = 1): Notice {
  const event: NoticeEvent = {
    kind: 'CREATED',
    issueId: 7,
    errorType: hostile.errorType,
    message: hostile.message,
    status: 'NEW',
    level: 'ERROR',
    source: 'runtime',
    at: '2026-01-01T00:00:00Z',
  };
  return {
    deliveryId: 1,
    rule: { id: 1, name: 'r' },
    project: { id: 'p', name: hostile.project },
    events: [event],
    count,
    dashboardUrl: 'https://dash.example.com',
  };
}

/** Every string inside a message body. */
const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(strings)
      : value && typeof value === 'object'
        ? Object.values(value).flatMap(strings)
        : [];

describe('report text in notifications', () => {
  it.each([1, 30])('is text in every Slack block (count %i): no links, mentions or markup but ours', (count) => {
    for (const text of strings(slackBody(notice(count)))) {
      // Our one link is <https://dash.example.com/issues/7|…>; nothing else opens a Slack entity.
      const entities = text.match(/<[^>]*>/g) ?? [];
      expect(
        entities.every((e) => e.startsWith('<https://dash.example.com/issues/7|')),
        text,
      ).toBe(true);
      expect(text).not.toContain('<https://evil');
      expect(text).not.toContain('<!channel>');
    }
    expect(JSON.stringify(slackBody(notice()))).toContain('&lt;https://evil.example|Click here&gt;');
  });

  it.each([1, 30])('is text in DingTalk markdown (count %i): no links, images, HTML or headings but ours', (count) => {
    const { markdown } = dingTalkBody(notice(count));
    const links = markdown.text.match(/\]\(([^)]*)\)/g) ?? [];
    expect(
      links.every((l) => l === '](https://dash.example.com/issues/7)'),
      markdown.text,
    ).toBe(true);
    expect(markdown.text).not.toMatch(/<\/?b>|!\[|\n#{1,6} Fake|\n- \[more/);
    // The title is shown as plain text, on one line.
    expect(markdown.title).not.toContain('\n');
    expect(markdown.text.split('\n').filter((l) => l.startsWith('###'))).toHaveLength(1);
    expect(markdown.text).toContain('［phish］（https://evil.example）');
  });

  it('keeps the message on one line in plain text and webhooks carry it as data', () => {
    expect(
      plainText(notice())
        .split('\n')
        .filter((l) => l.includes('Fake heading'))[0],
    ).toContain('see [phish]');
    expect(webhookBody(notice()).events[0]!.message).toBe(hostile.message);
  });
});
