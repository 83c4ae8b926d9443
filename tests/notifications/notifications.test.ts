// Notification rules end to end: webhooks (signed), Slack, DingTalk (signed URL), email over
// SMTP, retries with backoff, and throttling — against local receivers.
import { createHmac } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';
import { createDatabase } from '../helpers/database.ts';
import { report } from '../helpers/http.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { as } from '../testkit/client.ts';
import { freshLine, seed } from '../testkit/seed.ts';
import { startCapture, type Capture, type Captured } from '../helpers/capture.ts';
import { freePort } from '../setup/servers.ts';
import { createToken } from '../../server/src/auth/accounts.ts';
import { hashPassword } from '../../server/src/auth/passwords.ts';
import { TransitionIssueMutation } from '../graphql/operations.ts';
import { CreateRule, RuleDeliveries, TestRule, UpdateRule } from './operations.ts';
import type { NotificationRuleInput } from '../generated/graphql.ts';

let server: TestServer;
let receiver: Capture;
let smtp: SMTPServer;
const mails: string[] = [];

beforeAll(async () => {
  receiver = await startCapture();
  const smtpPort = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      let text = '';
      stream.on('data', (c: Buffer) => (text += c.toString()));
      stream.on('end', () => {
        mails.push(text);
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', r));
  server = await startServer({
    NOTIFY_POLL_MS: '50',
    NOTIFY_BATCH_DELAY_MS: '300',
    NOTIFY_RETRY_BASE_MS: '100',
    NOTIFY_MAX_ATTEMPTS: '3',
    DASHBOARD_URL: 'https://dash.example.com',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    SMTP_FROM: 'Log Center <alerts@example.com>',
  });
});

afterAll(async () => {
  await server?.stop();
  await receiver?.close();
  await new Promise((r) => smtp?.close(r as () => void));
});

const newIssue = (project: string, type = 'NotifyError') =>
  seed(server.url)
    .project(project)
    .issue({ type, message: `${type} happened` });

async function rule(project: string, input: NotificationRuleInput) {
  await seed(server.url).project(project).issue({ type: 'Setup' });
  const { createNotificationRule: r } = await as(server.url).run(CreateRule, {
    projectId: project,
    input: { name: `${project} rule`, ...input },
  });
  if (r.__typename !== 'NotificationRule') throw new Error(JSON.stringify(r));
  return r;
}

/** Requests to a receiver path, waiting until there are `count`. */
async function received(path: string, count = 1, timeoutMs = 10_000): Promise<Captured[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hits = receiver.requests.filter((r) => r.url.startsWith(path));
    if (hits.length >= count) return hits;
    if (Date.now() > deadline) throw new Error(`${path}: ${hits.length} of ${count} requests`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function deliveries(project: string) {
  const { project: p } = await as(server.url).run(RuleDeliveries, { projectId: project });
  return p!.notificationRules[0]!.deliveries.edges.map((e) => e.node);
}

/** The project's newest delivery once it has `status`: the worker records an attempt after the receiver has answered. */
async function deliveryWhen(project: string, status: 'SENT' | 'FAILED') {
  await expect.poll(async () => (await deliveries(project))[0]?.status, { timeout: 10_000 }).toBe(status);
  return (await deliveries(project))[0]!;
}

describe('notification rules', { timeout: 30_000 }, () => {
  it('send a signed webhook for a new issue, recording the attempt', async () => {
    const r = await rule('n_webhook', { channel: 'WEBHOOK', target: `${receiver.url}/hook/webhook`, secret: 'whsec' });
    expect(r).toMatchObject({ hasSecret: true, onNew: true, onRegression: true, minIntervalSeconds: 60 });
    const id = await newIssue('n_webhook');
    const [hit] = await received('/hook/webhook');
    const signature = createHmac('sha256', 'whsec')
      .update(`${hit!.headers['x-logcenter-timestamp']}.${hit!.body}`)
      .digest('hex');
    expect(hit!.headers['x-logcenter-signature']).toBe(`sha256=${signature}`);
    expect(hit!.json).toMatchObject({
      type: 'logcenter.notification',
      rule: { id: r.id, name: 'n_webhook rule' },
      project: { id: 'n_webhook' },
      count: 1,
      events: [
        {
          kind: 'CREATED',
          issueId: id,
          errorType: 'NotifyError',
          message: 'NotifyError happened',
          url: `https://dash.example.com/issues/${id}`,
        },
      ],
    });
    const delivery = await deliveryWhen('n_webhook', 'SENT');
    expect(delivery).toMatchObject({
      status: 'SENT',
      attempts: 1,
      eventCount: 1,
      attemptLog: [{ attempt: 1, ok: true, responseStatus: 200, error: null }],
    });
  });

  it('tell of regressions and chosen status changes only when asked', async () => {
    const r = await rule('n_triggers', {
      channel: 'WEBHOOK',
      target: `${receiver.url}/hook/triggers`,
      onNew: false,
      onRegression: true,
      onStatuses: ['FIXED'],
      minIntervalSeconds: 0,
    });
    const body = runtimeReport({ project_id: 'n_triggers' }, { type: 'TriggerError', line_number: 9999 });
    const { id } = (await report(server.url, body)).body;
    for (const to of ['VERIFYING', 'PENDING_FIX', 'FIXING', 'FIXED'] as const)
      await as(server.url).run(TransitionIssueMutation, { id, to });
    const [fixed] = await received('/hook/triggers');
    expect(fixed!.json.events).toEqual([
      expect.objectContaining({ kind: 'STATUS_CHANGED', issueId: id, from: 'FIXING', to: 'FIXED' }),
    ]);
    await report(server.url, body);
    const hits = await received('/hook/triggers', 2);
    expect(hits[1]!.json.events).toEqual([expect.objectContaining({ kind: 'REGRESSED', issueId: id })]);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.requests.filter((h) => h.url.startsWith('/hook/triggers'))).toHaveLength(2);
    expect(r.onStatuses).toEqual(['FIXED']);
  });

  it('post to Slack as text with blocks', async () => {
    await rule('n_slack', { channel: 'SLACK', target: `${receiver.url}/hook/slack` });
    const id = await newIssue('n_slack', 'SlackError');
    const [hit] = await received('/hook/slack');
    expect(hit!.json.text).toBe('[n_slack] New issue: SlackError');
    expect(JSON.stringify(hit!.json.blocks)).toContain(
      `<https://dash.example.com/issues/${id}|New issue: SlackError: SlackError happened (#${id})>`,
    );
  });

  it('sign DingTalk robot URLs, and treat a non-zero errcode as a failure to retry', async () => {
    await rule('n_ding', {
      channel: 'DINGTALK',
      target: `${receiver.url}/hook/ding?access_token=tok`,
      secret: 'SECding',
    });
    // DingTalk refuses with HTTP 200 and an error code: that attempt fails, the retry goes through.
    receiver.respond({ status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' });
    const id = await newIssue('n_ding', 'DingError');
    const [, hit] = await received('/hook/ding', 2);
    const url = new URL(hit!.url, 'http://x');
    expect(url.searchParams.get('access_token')).toBe('tok');
    const timestamp = url.searchParams.get('timestamp')!;
    expect(url.searchParams.get('sign')).toBe(
      createHmac('sha256', 'SECding').update(`${timestamp}\nSECding`).digest('base64'),
    );
    expect(hit!.json).toMatchObject({ msgtype: 'markdown', markdown: { title: '[n_ding] New issue: DingError' } });
    expect(hit!.json.markdown.text).toContain(`(https://dash.example.com/issues/${id})`);
    const delivery = await deliveryWhen('n_ding', 'SENT');
    expect(delivery.attemptLog.map((a) => [a.ok, a.error])).toEqual([
      [false, 'DingTalk refused the message (errcode 310000)'],
      [true, null],
    ]);
  });

  it('retry with backoff on failure, recording every attempt, then succeed', async () => {
    await rule('n_retry', { channel: 'WEBHOOK', target: `${receiver.url}/hook/retry` });
    receiver.respond(503, 500);
    await newIssue('n_retry');
    await received('/hook/retry', 3);
    const delivery = await deliveryWhen('n_retry', 'SENT');
    expect(delivery).toMatchObject({ status: 'SENT', attempts: 3 });
    expect(delivery.attemptLog.map((a) => [a.ok, a.responseStatus])).toEqual([
      [false, 503],
      [false, 500],
      [true, 200],
    ]);
  });

  it('keep only the status of a refusal, never what the receiver answered', async () => {
    await rule('n_body', { channel: 'WEBHOOK', target: `${receiver.url}/hook/body` });
    receiver.respond({ status: 500, body: 'internal: db password is hunter2, session=abcdef' });
    await newIssue('n_body');
    const delivery = await deliveryWhen('n_body', 'SENT');
    expect(delivery.attemptLog.map((a) => [a.ok, a.responseStatus, a.error])).toEqual([
      [false, 500, 'HTTP 500 Internal Server Error'],
      [true, 200, null],
    ]);
    const stored = await server.app.core.prisma.notificationAttempt.findMany({
      where: { delivery: { rule: { projectId: 'n_body' } } },
    });
    expect(JSON.stringify(stored)).not.toContain('hunter2');
  });

  it('show a target whole to admins only; others see its scheme and host', async () => {
    const target = `${receiver.url}/services/T000/B000/SECRETPATH?token=SECRETQUERY`;
    await rule('n_mask', { channel: 'SLACK', target });
    await rule('n_mask', { channel: 'EMAIL', target: 'ops@example.com' });
    const reader = await server.app.core.prisma.user.create({
      data: {
        email: 'reader@test.local',
        name: 'Reader',
        role: 'VIEWER',
        passwordHash: await hashPassword('a long password'),
      },
    });
    const { token } = await createToken(server.app.core.prisma, reader.id, 'reader', ['READ']);
    const query = '{ project(id: "n_mask") { notificationRules { target } } }';
    const read = async (token?: string) => {
      const { project } = (await as(server.url, { token }).raw(query)).expectNoErrors();
      return (project.notificationRules as { target: string }[]).map((r) => r.target);
    };
    expect(await read(token)).toEqual([`${new URL(receiver.url).origin}/…`, '…@example.com']);
    expect(await read()).toEqual([target, 'ops@example.com']);
  });

  it('lose no notice when the server stops right after the change commits', async () => {
    // A database of its own, where no worker runs until the replica that made the changes is gone.
    const database = await createDatabase();
    const stalled = await startServer({ NOTIFY_POLL_MS: '3600000' }, database);
    let stalledRunning = true;
    let other: TestServer | undefined;
    try {
      await seed(stalled.url).project('n_crash').issue({ type: 'Setup' });
      const input = {
        name: 'crash rule',
        channel: 'WEBHOOK' as const,
        target: `${receiver.url}/hook/crash`,
        onStatuses: ['VERIFYING' as const],
      };
      await as(stalled.url).run(CreateRule, { projectId: 'n_crash', input });
      const created = await report(
        stalled.url,
        runtimeReport({ project_id: 'n_crash' }, { type: 'CrashError', line_number: freshLine() }),
      );
      await as(stalled.url).run(TransitionIssueMutation, { id: created.body.id, to: 'VERIFYING' });
      // Noted in the changes' own transactions: committed with them, before any worker ran.
      const noted = await stalled.app.core.prisma.notificationEvent.findMany({
        where: { issueId: created.body.id },
        orderBy: { id: 'asc' },
      });
      expect(noted.map((n) => n.kind)).toEqual(['CREATED', 'STATUS_CHANGED']);
      await stalled.app.stop();
      stalledRunning = false;
      // Any other replica delivers them.
      other = await startServer({ NOTIFY_POLL_MS: '50', NOTIFY_BATCH_DELAY_MS: '100' }, database);
      const [hit] = await received('/hook/crash');
      expect(hit!.json.events.map((e: { kind: string }) => e.kind)).toEqual(['CREATED', 'STATUS_CHANGED']);
      expect(await other.app.core.prisma.notificationEvent.count()).toBe(0);
    } finally {
      if (stalledRunning) await stalled.app.stop();
      await other?.app.stop();
      await database.drop();
    }
  });

  it('give up after the last attempt and say why', async () => {
    await rule('n_fail', { channel: 'WEBHOOK', target: 'http://127.0.0.1:9/hook' });
    await newIssue('n_fail');
    const delivery = await deliveryWhen('n_fail', 'FAILED');
    expect(delivery).toMatchObject({
      status: 'FAILED',
      attempts: 3,
      lastError: expect.stringMatching(/cannot reach 127.0.0.1:9/),
    });
    expect(delivery.attemptLog).toHaveLength(3);
  });

  it('fold an error storm into one message, and hold the next until the interval has passed', async () => {
    await rule('n_storm', { channel: 'WEBHOOK', target: `${receiver.url}/hook/storm`, minIntervalSeconds: 2 });
    const before = Date.now();
    await Promise.all(Array.from({ length: 50 }, (_, i) => newIssue('n_storm', `Storm${i}Error`)));
    const [first] = await received('/hook/storm');
    expect(first!.json.count).toBe(50);
    expect(first!.json.events).toHaveLength(20);
    const firstAt = Date.now();

    await newIssue('n_storm', 'AfterStormError');
    await newIssue('n_storm', 'AfterStorm2Error');
    await new Promise((r) => setTimeout(r, 800));
    expect(receiver.requests.filter((h) => h.url.startsWith('/hook/storm'))).toHaveLength(1);
    const [, second] = await received('/hook/storm', 2);
    expect(Date.now() - before).toBeGreaterThanOrEqual(2000);
    expect(second!.json).toMatchObject({
      count: 2,
      events: [{ errorType: 'AfterStormError' }, { errorType: 'AfterStorm2Error' }],
    });
    expect(firstAt).toBeGreaterThan(before);
  });

  it('send email over SMTP', async () => {
    await rule('n_mail', { channel: 'EMAIL', target: 'oncall@example.com, lead@example.com' });
    await newIssue('n_mail', 'MailError');
    for (let i = 0; i < 100 && !mails.some((m) => m.includes('MailError')); i++)
      await new Promise((r) => setTimeout(r, 100));
    const mail = mails.find((m) => m.includes('MailError'))!;
    expect(mail).toMatch(/^Subject: \[n_mail\] New issue: MailError$/m);
    expect(mail).toMatch(/^From: Log Center <alerts@example.com>$/m);
    expect(mail).toMatch(/^To: oncall@example.com, lead@example.com$/m);
    expect(mail).toContain('MailError happened');
  });

  it('send nothing while disabled, and a test message on request', async () => {
    const r = await rule('n_disabled', { channel: 'WEBHOOK', target: `${receiver.url}/hook/disabled`, enabled: false });
    await newIssue('n_disabled');
    await new Promise((res) => setTimeout(res, 700));
    expect(receiver.requests.filter((h) => h.url.startsWith('/hook/disabled'))).toHaveLength(0);
    expect(
      (await as(server.url).run(UpdateRule, { id: r.id, input: { enabled: true, secret: null } }))
        .updateNotificationRule,
    ).toMatchObject({ enabled: true, hasSecret: false });
    await as(server.url).run(TestRule, { id: r.id });
    const [hit] = await received('/hook/disabled');
    expect(hit!.json.events).toEqual([expect.objectContaining({ kind: 'TEST', errorType: 'TestNotification' })]);
  });

  it('refuse rules that cannot work, naming the field', async () => {
    await report(server.url, runtimeReport({ project_id: 'n_invalid' }));
    const bad = async (input: NotificationRuleInput) =>
      (await as(server.url).run(CreateRule, { projectId: 'n_invalid', input: { name: 'x', ...input } }))
        .createNotificationRule;
    expect(await bad({ channel: 'EMAIL', target: 'not-an-address' })).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: 'target', reason: 'not email addresses: not-an-address' }],
    });
    expect(await bad({ channel: 'SLACK', target: 'ftp://x' })).toMatchObject({
      fieldErrors: [{ path: 'target', reason: 'must be an http(s) URL' }],
    });
    expect(await bad({ channel: 'WEBHOOK', target: 'https://x', onNew: false, onRegression: false })).toMatchObject({
      fieldErrors: [{ path: 'onNew', reason: expect.stringMatching(/at least one trigger/) }],
    });
    expect(await bad({ channel: 'WEBHOOK' })).toMatchObject({
      fieldErrors: [{ path: 'target', reason: 'is required' }],
    });
    const missing = await as(server.url).run(CreateRule, {
      projectId: 'n_nowhere',
      input: { name: 'x', channel: 'WEBHOOK', target: 'https://x' },
    });
    expect(missing.createNotificationRule).toMatchObject({ __typename: 'NotFoundError' });
  });
});
