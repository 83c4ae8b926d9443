// What a project's settings sections share: the notification channels, and how they run a change.
import type { NotificationChannel } from '$lib/generated/graphql.ts';

export const CHANNELS: { value: NotificationChannel; label: string; hint: string }[] = [
  { value: 'WEBHOOK', label: 'Webhook', hint: 'https://… (JSON, signed with the secret)' },
  { value: 'SLACK', label: 'Slack', hint: 'https://hooks.slack.com/services/…' },
  { value: 'DINGTALK', label: 'DingTalk robot', hint: 'https://oapi.dingtalk.com/robot/send?access_token=…' },
  { value: 'EMAIL', label: 'Email', hint: 'oncall@example.com, lead@example.com' },
];

type Answer = {
  data?: Record<string, { __typename: string; message?: string } | undefined | null> | null;
  error?: { message: string };
};

/** Runs a change; shows why it failed, if it did, and reloads the settings. Gives the answer's type. */
export type Act = (run: () => Promise<Answer>) => Promise<string | undefined>;
