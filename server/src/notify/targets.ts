// A rule's target is a credential more often than not: Slack and DingTalk webhook URLs carry
// their secret in the path or in `?access_token=`. Admins, who set it, see it whole; everyone
// else sees where it goes and no more.

const maskUrl = (target: string) => {
  try {
    const url = new URL(target);
    return `${url.protocol}//${url.host}/…`;
  } catch {
    return '…';
  }
};

const maskEmails = (target: string) =>
  target
    .split(',')
    .map((address) => `…@${address.trim().split('@').at(-1) ?? ''}`)
    .join(', ');

/** The target as someone who may read a rule but not change it sees it. */
export function maskTarget(channel: string, target: string): string {
  return channel === 'EMAIL' ? maskEmails(target) : maskUrl(target);
}
