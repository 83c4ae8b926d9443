// What a notification says, per channel. A delivery tells of one or more events (a storm is
// folded into one message); the first few are listed, the rest counted.
import type { IssueEventKind } from '../issues/events.ts';

export type NoticeEvent = {
  kind: IssueEventKind | 'TEST';
  issueId: number;
  errorType: string;
  message: string;
  status: string;
  level: string;
  source: string;
  from?: string | null;
  to?: string | null;
  at: string;
};

export type Notice = {
  deliveryId: number;
  rule: { id: number; name: string };
  project: { id: string; name: string };
  events: NoticeEvent[];
  /** All events folded into this message; `events` lists at most the first few. */
  count: number;
  dashboardUrl: string | null;
};

const WHAT: Record<NoticeEvent['kind'], string> = {
  CREATED: 'New issue',
  REGRESSED: 'Regression',
  STATUS_CHANGED: 'Status changed',
  OCCURRED: 'Occurred',
  TEST: 'Test notification',
};

export const issueUrl = (n: Notice, id: number) => (n.dashboardUrl ? `${n.dashboardUrl}/issues/${id}` : null);

/** Report text on one line: a newline would start a new block in every channel's markup. */
const oneLine = (text: string, max: number) => text.slice(0, max).replace(/\s+/g, ' ');

function line(n: Notice, e: NoticeEvent): string {
  const change = e.kind === 'STATUS_CHANGED' && e.from && e.to ? ` (${e.from} → ${e.to})` : '';
  return `${WHAT[e.kind]}${change}: ${oneLine(e.errorType, 200)}: ${oneLine(e.message, 200)} (#${e.issueId})`;
}

export function title(n: Notice): string {
  const project = oneLine(n.project.name, 200);
  if (n.count === 1 && n.events[0])
    return `[${project}] ${WHAT[n.events[0].kind]}: ${oneLine(n.events[0].errorType, 200)}`;
  return `[${project}] ${n.count} issue events`;
}

function lines(n: Notice): string[] {
  const more = n.count - n.events.length;
  return [...n.events.map((e) => line(n, e)), ...(more > 0 ? [`…and ${more} more`] : [])];
}

export function plainText(n: Notice): string {
  const links = n.events.flatMap((e) => issueUrl(n, e.issueId) ?? []).slice(0, 5);
  return [
    title(n),
    '',
    ...lines(n).map((l) => `- ${l}`),
    ...(links.length ? ['', ...links] : []),
    '',
    `Rule: ${n.rule.name}`,
  ].join('\n');
}

export function webhookBody(n: Notice) {
  return {
    type: 'logcenter.notification',
    delivery_id: n.deliveryId,
    rule: n.rule,
    project: n.project,
    count: n.count,
    events: n.events.map((e) => ({ ...e, url: issueUrl(n, e.issueId) })),
    sent_at: new Date().toISOString(),
  };
}

// Report text (error type, message, project name) is anyone's: in a channel's markup it must
// stay text. Slack's mrkdwn takes `<…|…>` as a link and `&`, `<`, `>` only as entities;
// DingTalk's markdown has links, images and HTML, so their characters become full-width
// look-alikes there (its `title` is plain text). Lines are folded first, so nothing starts
// a heading or a list.
const slackText = (text: string) => text.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
const DINGTALK_LOOKALIKES: Record<string, string> = {
  '[': '［',
  ']': '］',
  '(': '（',
  ')': '）',
  '<': '＜',
  '>': '＞',
  '!': '！',
};
const dingTalkText = (text: string) => text.replace(/[[\]()<>!]/g, (c) => DINGTALK_LOOKALIKES[c]!);

export function slackBody(n: Notice) {
  const items = n.events.map((e) => {
    const url = issueUrl(n, e.issueId);
    const text = slackText(line(n, e));
    return url ? `• <${url}|${text}>` : `• ${text}`;
  });
  const more = n.count - n.events.length;
  return {
    text: slackText(title(n)),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${slackText(title(n))}*` } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: [...items, ...(more > 0 ? [`…and ${more} more`] : [])].join('\n') },
      },
    ],
  };
}

export function dingTalkBody(n: Notice) {
  const items = n.events.map((e) => {
    const url = issueUrl(n, e.issueId);
    const text = dingTalkText(line(n, e));
    return url ? `- [${text}](${url})` : `- ${text}`;
  });
  const more = n.count - n.events.length;
  return {
    msgtype: 'markdown',
    markdown: {
      title: title(n),
      text: [`### ${dingTalkText(title(n))}`, '', ...items, ...(more > 0 ? [`- …and ${more} more`] : [])].join('\n'),
    },
  };
}
