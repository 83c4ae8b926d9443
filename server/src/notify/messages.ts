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

function line(n: Notice, e: NoticeEvent): string {
  const change = e.kind === 'STATUS_CHANGED' && e.from && e.to ? ` (${e.from} → ${e.to})` : '';
  return `${WHAT[e.kind]}${change}: ${e.errorType}: ${e.message.slice(0, 200)} (#${e.issueId})`;
}

export function title(n: Notice): string {
  if (n.count === 1 && n.events[0]) return `[${n.project.name}] ${WHAT[n.events[0].kind]}: ${n.events[0].errorType}`;
  return `[${n.project.name}] ${n.count} issue events`;
}

function lines(n: Notice): string[] {
  const more = n.count - n.events.length;
  return [...n.events.map((e) => line(n, e)), ...(more > 0 ? [`…and ${more} more`] : [])];
}

export function plainText(n: Notice): string {
  const links = n.events.flatMap((e) => issueUrl(n, e.issueId) ?? []).slice(0, 5);
  return [title(n), '', ...lines(n).map((l) => `- ${l}`), ...(links.length ? ['', ...links] : []), '', `Rule: ${n.rule.name}`].join('\n');
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

export function slackBody(n: Notice) {
  const items = n.events.map((e) => {
    const url = issueUrl(n, e.issueId);
    const text = line(n, e).replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
    return url ? `• <${url}|${text}>` : `• ${text}`;
  });
  const more = n.count - n.events.length;
  return {
    text: title(n),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${title(n)}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: [...items, ...(more > 0 ? [`…and ${more} more`] : [])].join('\n') } },
    ],
  };
}

export function dingTalkBody(n: Notice) {
  const items = n.events.map((e) => {
    const url = issueUrl(n, e.issueId);
    return url ? `- [${line(n, e)}](${url})` : `- ${line(n, e)}`;
  });
  const more = n.count - n.events.length;
  return {
    msgtype: 'markdown',
    markdown: { title: title(n), text: [`### ${title(n)}`, '', ...items, ...(more > 0 ? [`- …and ${more} more`] : [])].join('\n') },
  };
}
