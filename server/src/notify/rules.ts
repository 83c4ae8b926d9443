// Which issue events a rule tells of.
import type { NotificationRule } from '../generated/prisma/client.ts';
import type { IssueEvent } from '../issues/events.ts';

export function ruleWants(
  rule: Pick<NotificationRule, 'enabled' | 'onNew' | 'onRegression' | 'onStatuses'>,
  event: IssueEvent,
): boolean {
  if (!rule.enabled) return false;
  switch (event.kind) {
    case 'CREATED':
      return rule.onNew;
    case 'REGRESSED':
      return rule.onRegression;
    case 'STATUS_CHANGED':
      return !!event.transition && rule.onStatuses.includes(event.transition.toStatus);
    case 'OCCURRED':
      return false;
  }
}
