// The authorization matrix: every query, mutation and subscription, for every role, token
// scope and an anonymous caller. Allowed means the operation ran (its own errors, such as
// "not found" for the dummy ids used here, are fine); refused means FORBIDDEN or UNAUTHENTICATED.
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { hashPassword } from '../server/src/auth/passwords.ts';
import { createClient } from 'graphql-ws';
import { as } from './testkit/client.ts';
import WebSocket from 'ws';
import { startServer, useServer } from './helpers/server.ts';
import { get, post, report } from './helpers/http.ts';
import { runtimeReport } from './helpers/fixtures.ts';
import { adminAuthorization, TEST_ADMIN } from './helpers/auth.ts';
import { ROOT_FIELDS, type Requirement } from '../server/src/auth/permissions.ts';
import { digest } from '../server/src/auth/secrets.ts';
import { untilRefused } from './helpers/limits.ts';

const server = useServer();

// One operation per root field, with ids that do not exist, or input that fails validation,
// so that an allowed call changes nothing.
const OPERATIONS: Record<string, string> = {
  issue: '{ issue(id: 999999) { id } }',
  issues: '{ issues(first: 1) { totalCount } }',
  project: '{ project(id: "nope") { id } }',
  projects: '{ projects { id } }',
  stats: '{ stats { __typename } }',
  me: '{ me { id } }',
  apiTokens: '{ apiTokens { id } }',
  users: '{ users { id } }',
  sessions: '{ sessions { id } }',
  transitionIssue: 'mutation { transitionIssue(id: 999999, to: VERIFYING) { __typename } }',
  transitionIssues: 'mutation { transitionIssues(ids: [999999], to: VERIFYING) { __typename } }',
  claimIssue: 'mutation { claimIssue(id: 999999, agentId: "a") { __typename } }',
  renewClaim: 'mutation { renewClaim(id: 999999, agentId: "a") { __typename } }',
  releaseClaim: 'mutation { releaseClaim(id: 999999, agentId: "a") { __typename } }',
  reportFix: 'mutation { reportFix(input: { issueId: 999999, agentId: "a", outcome: FIXED }) { __typename } }',
  updateProject: 'mutation { updateProject(id: "nope", input: {}) { __typename } }',
  createProjectKey: 'mutation { createProjectKey(projectId: "nope") { __typename } }',
  updateProjectKey: 'mutation { updateProjectKey(id: 999999, input: {}) { __typename } }',
  deleteProjectKey: 'mutation { deleteProjectKey(id: 999999) { __typename } }',
  createNotificationRule: 'mutation { createNotificationRule(projectId: "nope", input: {}) { __typename } }',
  updateNotificationRule: 'mutation { updateNotificationRule(id: 999999, input: {}) { __typename } }',
  deleteNotificationRule: 'mutation { deleteNotificationRule(id: 999999) { __typename } }',
  testNotificationRule: 'mutation { testNotificationRule(id: 999999) { __typename } }',
  createUser:
    'mutation { createUser(input: { email: "x", name: "", role: VIEWER, password: "short" }) { __typename } }',
  updateUser: 'mutation { updateUser(id: 999999, input: {}) { __typename } }',
  changePassword: 'mutation { changePassword(current: "wrong", next: "short") { __typename } }',
  createApiToken: 'mutation { createApiToken(input: { name: "", scopes: [] }) { __typename } }',
  revokeApiToken: 'mutation { revokeApiToken(id: 999999) { __typename } }',
  endSessions: 'mutation { endSessions(ids: ["nope"]) }',
  issueEvents: 'subscription { issueEvents { kind } }',
  pendingFixIssues: 'subscription { pendingFixIssues(includeBacklog: false) { id } }',
  builds: '{ builds(first: 1) { edges { cursor } } }',
  build: '{ build(projectId: "nope", pipeline: "p", build: "1") { id } }',
  pipelines: '{ pipelines { name } }',
  buildLog: 'subscription { buildLog(projectId: "nope", pipeline: "p", build: "1") { status } }',
  buildChanged: 'subscription { buildChanged(projectId: "nope") { id } }',
  releases: '{ releases(first: 1) { version } }',
  release: '{ release(version: "nope") { version } }',
  createRelease: 'mutation { createRelease(input: { version: "v", projectIds: [] }) { __typename } }',
  finalizeRelease: 'mutation { finalizeRelease(version: "nope") { __typename } }',
  setReleaseCommits: 'mutation { setReleaseCommits(version: "nope", commits: []) { __typename } }',
  createDeploy: 'mutation { createDeploy(version: "nope", input: { environment: "e" }) { __typename } }',
  deleteRelease: 'mutation { deleteRelease(version: "nope") { __typename } }',
};

type Identity = { name: string; headers: Record<string, string>; grants: (r: Requirement) => boolean };
const identities: Identity[] = [];
const scopesOf: Record<string, Requirement[]> = {
  admin: ['read', 'triage', 'agent', 'release', 'admin', 'signed-in', 'account'],
  member: ['read', 'triage', 'agent', 'release', 'signed-in', 'account'],
  viewer: ['read', 'signed-in', 'account'],
};

/** An operation with exactly these headers (an identity's), and no other credential. */
const operate = async (query: string, headers: Record<string, string>) =>
  (await as(server().url, { token: null, actor: null, headers }).raw(query)).body;

async function signIn(email: string, password: string) {
  const res = await post(server().url, '/api/v1/auth/login', { email, password }, { anonymous: true });
  expect(res.status, res.text).toBe(200);
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(/lc_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax/);
  return cookie.split(';')[0]!;
}

async function token(headers: Record<string, string>, scopes: string) {
  const res = await operate(
    `mutation { createApiToken(input: { name: "t", scopes: [${scopes}] }) { ... on CreatedApiToken { token } } }`,
    headers,
  );
  return (res.data as { createApiToken: { token: string } }).createApiToken.token;
}

beforeAll(async () => {
  const admin = { cookie: await signIn(TEST_ADMIN.email, TEST_ADMIN.password) };
  for (const role of ['MEMBER', 'VIEWER']) {
    const email = `${role.toLowerCase()}@test.local`;
    const created = await operate(
      `mutation { createUser(input: { email: "${email}", name: "${role}", role: ${role}, password: "a long password" }) { __typename } }`,
      admin,
    );
    expect(created.data).toEqual({ createUser: { __typename: 'User' } });
  }
  const member = { cookie: await signIn('member@test.local', 'a long password') };
  const viewer = { cookie: await signIn('viewer@test.local', 'a long password') };
  const by = (granted: Requirement[]) => (r: Requirement) => granted.includes(r);
  identities.push(
    { name: 'anonymous', headers: {}, grants: () => false },
    { name: 'admin (session)', headers: admin, grants: by(scopesOf.admin!) },
    { name: 'member (session)', headers: member, grants: by(scopesOf.member!) },
    { name: 'viewer (session)', headers: viewer, grants: by(scopesOf.viewer!) },
    { name: 'admin token', headers: { authorization: adminAuthorization }, grants: by(scopesOf.admin!) },
    {
      name: 'member’s AGENT+TRIAGE token',
      headers: { authorization: `Bearer ${await token(member, 'AGENT, TRIAGE')}` },
      grants: by(['read', 'triage', 'agent', 'signed-in']),
    },
    {
      name: 'READ token',
      headers: { authorization: `Bearer ${await token(admin, 'READ')}` },
      grants: by(['read', 'signed-in']),
    },
    {
      name: 'TRIAGE token',
      headers: { authorization: `Bearer ${await token(admin, 'TRIAGE')}` },
      grants: by(['read', 'triage', 'signed-in']),
    },
    {
      name: 'AGENT token',
      headers: { authorization: `Bearer ${await token(admin, 'AGENT')}` },
      grants: by(['read', 'agent', 'signed-in']),
    },
    {
      name: 'RELEASE token',
      headers: { authorization: `Bearer ${await token(admin, 'RELEASE')}` },
      grants: by(['read', 'release', 'signed-in']),
    },
    // A member asking for ADMIN gets a token within the member's rights only: refused here.
    {
      name: 'viewer’s token',
      headers: { authorization: `Bearer ${await token(viewer, 'READ')}` },
      grants: by(['read', 'signed-in']),
    },
  );
});

describe('the authorization matrix', { timeout: 120_000 }, () => {
  it('covers every root field', () => {
    const fields = Object.values(ROOT_FIELDS).flatMap((t) => Object.keys(t));
    expect(Object.keys(OPERATIONS).sort()).toEqual(fields.sort());
  });

  for (const [type, fields] of Object.entries(ROOT_FIELDS)) {
    for (const [field, requirement] of Object.entries(fields)) {
      it(`${type}.${field} needs ${requirement}`, async () => {
        const outcomes: string[] = [];
        for (const identity of identities) {
          // Queries and mutations over HTTP and over graphql-ws alike; subscriptions over graphql-ws.
          const transports = type === 'Subscription' ? (['ws'] as const) : (['http', 'ws'] as const);
          for (const transport of transports) {
            const res =
              transport === 'ws'
                ? await overWebSocket(OPERATIONS[field]!, identity.headers)
                : await operate(OPERATIONS[field]!, identity.headers);
            const code = res.errors?.find((e) => ['FORBIDDEN', 'UNAUTHENTICATED'].includes(e.extensions?.code ?? ''))
              ?.extensions?.code;
            const expected = identity.grants(requirement)
              ? 'allowed'
              : identity.name === 'anonymous'
                ? 'UNAUTHENTICATED'
                : 'FORBIDDEN';
            outcomes.push(
              `${identity.name} over ${transport}: ${code ?? 'allowed'}${(code ?? 'allowed') === expected ? '' : ` (expected ${expected})`}`,
            );
          }
        }
        expect(
          outcomes.filter((o) => o.includes('expected')),
          outcomes.join('\n'),
        ).toEqual([]);
      });
    }
  }
});

describe('shared subscription results', () => {
  it('are shared only by viewers with the same rights: a webhook URL stays masked for READ', async () => {
    const projectId = 'access_shared_rules';
    expect((await report(server().url, runtimeReport({ project_id: projectId }, { type: 'WarmUpError' }))).status).toBe(
      200,
    );
    const target = 'https://hooks.test/services/T000/B000/secret-token';
    // Disabled, so that nothing is sent to it.
    await server().app.core.prisma.notificationRule.create({
      data: { projectId, name: 'ops', channel: 'WEBHOOK', target, enabled: false },
    });
    const query =
      'subscription RuleTargets($p: String!) { issueEvents(filter: { projectIds: [$p], kinds: [CREATED] }) { issue { project { notificationRules { target } } } } }';
    const readToken = identities.find((i) => i.name === 'READ token')!.headers;
    type Event = { issueEvents: { issue: { project: { notificationRules: { target: string }[] } } } };
    const firstEvent = (headers: Record<string, string>) => {
      const client = wsClientAs(server().url, headers);
      let ready!: () => void;
      const subscribed = new Promise<void>((resolve) => (ready = resolve));
      const event = new Promise<Event>((resolve, reject) => {
        client.on('connected', () => setTimeout(ready, 300));
        client.subscribe<Event>(
          { query, variables: { p: projectId } },
          { next: (r) => resolve(r.data!), error: reject, complete: () => {} },
        );
      }).finally(() => void client.dispose());
      return { subscribed, event };
    };
    // The admin subscribes first, so that a shared result would be the admin's.
    const admin = firstEvent({ authorization: adminAuthorization });
    const reader = firstEvent(readToken);
    await Promise.all([admin.subscribed, reader.subscribed]);
    await report(server().url, runtimeReport({ project_id: projectId }, { type: 'SharedResultError' }));
    const targets = async (e: Promise<Event>) =>
      (await e).issueEvents.issue.project.notificationRules.map((r) => r.target);
    expect(await targets(admin.event)).toEqual([target]);
    expect(await targets(reader.event)).toEqual(['https://hooks.test/…']);
  });
});

/** A graphql-ws client of the server at `base` with exactly an identity's headers: its token in connection_init, its cookie on the upgrade. */
function wsClientAs(base: string, headers: Record<string, string>, on?: Parameters<typeof createClient>[0]['on']) {
  return createClient({
    url: `${base.replace('http', 'ws')}/graphql`,
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols: string | string[]) {
        super(url, protocols, { headers: headers.cookie ? { cookie: headers.cookie } : {} });
      }
    },
    connectionParams: headers.authorization ? { authorization: headers.authorization } : {},
    retryAttempts: 0,
    ...(on ? { on } : {}),
  });
}

/** An operation over graphql-ws: its first result or error, or "allowed" once a subscription is running. */
function overWebSocket(
  query: string,
  headers: Record<string, string>,
): Promise<{ errors?: { message: string; extensions?: { code?: string } }[] }> {
  const client = wsClientAs(server().url, headers);
  return new Promise((resolve) => {
    const done = (result: { errors?: { message: string; extensions?: { code?: string } }[] }) => {
      clearTimeout(timer);
      void client.dispose();
      resolve(result);
    };
    // Nothing happens on a running subscription with nothing to say: it was allowed.
    const timer = setTimeout(() => done({}), 500);
    client.subscribe(
      { query },
      {
        next: (result) => done({ errors: result.errors as never }),
        error: (err) => done({ errors: Array.isArray(err) ? err : [{ message: String(err) }] }),
        complete: () => done({}),
      },
    );
  });
}

describe('signing in', () => {
  it('refuses a wrong password with 401, and after 5 failures a minute even the right one with 429', async () => {
    // A server of its own: the failures block this address for a minute.
    const own = await startServer();
    try {
      const attempt = (password: string) =>
        post(own.url, '/api/v1/auth/login', { email: TEST_ADMIN.email, password }, { anonymous: true });
      expect((await attempt(TEST_ADMIN.password)).status).toBe(200);
      const { passed: failures, refused } = await untilRefused(() => attempt('wrong'), 5, 401);
      expect(refused?.status).toBe(429);
      expect(failures).toBe(5);
      const blocked = await attempt(TEST_ADMIN.password);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await own.stop();
    }
  });

  describe.each([
    ['in memory', {}],
    ['through Redis, across two replicas', { REDIS_URL: inject('redisUrl') }],
  ])('the limit %s', (_, env: Record<string, string>) => {
    it('lets at most 5 passwords a minute be tried for one account, however many come at once', async () => {
      const first = await startServer(env);
      const second = 'REDIS_URL' in env ? await startServer(env, first.database) : first;
      try {
        // Distinct addresses (TRUST_PROXY is off, so all are 127.0.0.1): the account's count decides.
        const email = `${Math.random().toString(36).slice(2)}@test.local`;
        await first.app.core.prisma.user.create({
          data: { email, name: 'Raced', role: 'VIEWER', passwordHash: await hashPassword('the right password') },
        });
        const attempts = Array.from({ length: 40 }, (_, i) => (i === 39 ? 'the right password' : `wrong ${i}`));
        const answers = await Promise.all(
          attempts.map((password, i) =>
            post(i % 2 ? second.url : first.url, '/api/v1/auth/login', { email, password }, { anonymous: true }),
          ),
        );
        const statuses = answers.map((a) => a.status);
        const tried = statuses.filter((s) => s === 401 || s === 200);
        expect(tried.length, statuses.join()).toBeLessThanOrEqual(5);
        expect(statuses.filter((s) => s === 429).length, statuses.join()).toBeGreaterThanOrEqual(35);
      } finally {
        if (second !== first) await second.app.stop();
        await first.stop();
      }
    });
  });

  it('ends with sign-out: the cookie no longer works', async () => {
    const cookie = await signIn('viewer@test.local', 'a long password');
    expect((await operate('{ me { email } }', { cookie })).data).toEqual({ me: { email: 'viewer@test.local' } });
    await post(server().url, '/api/v1/auth/logout', {}, { anonymous: true, headers: { cookie } });
    expect((await operate('{ me { email } }', { cookie })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('an expired session is refused, and cleared when its user next signs in', async () => {
    const cookie = await signIn('viewer@test.local', 'a long password');
    const id = digest(decodeURIComponent(cookie.slice('lc_session='.length)));
    const sessions = server().app.core.prisma.session;
    await sessions.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await operate('{ me { email } }', { cookie })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const fresh = await signIn('viewer@test.local', 'a long password');
    expect(await sessions.count({ where: { id } })).toBe(0);
    expect((await operate('{ me { email } }', { cookie: fresh })).data).toEqual({ me: { email: 'viewer@test.local' } });
  });

  it('each role is offered the token scopes it may give, and refused the others', async () => {
    const headersOf = (name: string) => identities.find((i) => i.name === name)!.headers;
    const offered = async (name: string) =>
      ((await operate('{ me { tokenScopes } }', headersOf(name))).data as { me: { tokenScopes: string[] } }).me
        .tokenScopes;
    expect(await offered('admin (session)')).toEqual(['READ', 'TRIAGE', 'AGENT', 'RELEASE', 'ADMIN']);
    expect(await offered('member (session)')).toEqual(['READ', 'TRIAGE', 'AGENT', 'RELEASE']);
    expect(await offered('viewer (session)')).toEqual(['READ']);
    const beyond = await operate(
      'mutation { createApiToken(input: { name: "too much", scopes: [TRIAGE, ADMIN] }) { __typename ... on ValidationError { fieldErrors { path reason } } } }',
      headersOf('member (session)'),
    );
    expect(beyond.data).toEqual({
      createApiToken: {
        __typename: 'ValidationError',
        fieldErrors: [{ path: 'scopes', reason: 'your role does not allow ADMIN' }],
      },
    });
  });

  it('a token without the ADMIN scope cannot mint tokens, touch sessions or revoke tokens; none can mint beyond its scopes', async () => {
    const headersOf = (name: string) => identities.find((i) => i.name === name)!.headers;
    const admin = { cookie: await signIn(TEST_ADMIN.email, TEST_ADMIN.password) };
    const readToken = headersOf('READ token');
    const before = await server().app.db.prisma.apiToken.count();
    for (const attempt of [
      'mutation { createApiToken(input: { name: "escalate", scopes: [ADMIN] }) { __typename } }',
      'mutation { createApiToken(input: { name: "same", scopes: [READ] }) { __typename } }',
      '{ sessions { id } }',
      'mutation { endSessions(ids: ["x"]) }',
      '{ apiTokens { id } }',
      'mutation { revokeApiToken(id: 1) { __typename } }',
      'mutation { changePassword(current: "x", next: "a new long password") { __typename } }',
    ]) {
      for (const res of [await operate(attempt, readToken), await overWebSocket(attempt, readToken)]) {
        expect(res.errors?.[0]?.extensions?.code, attempt).toBe('FORBIDDEN');
        expect(res.errors?.[0]?.message, attempt).toMatch(/needs a dashboard sign-in or a token with the ADMIN scope/);
      }
    }
    expect(await server().app.db.prisma.apiToken.count()).toBe(before);
    // The admin's sessions survived the attempts.
    expect((await operate('{ me { email } }', admin)).data).toEqual({ me: { email: TEST_ADMIN.email } });
    // An ADMIN token may mint, and what it mints works.
    const minted = await operate(
      'mutation { createApiToken(input: { name: "by token", scopes: [TRIAGE] }) { ... on CreatedApiToken { token } } }',
      { authorization: adminAuthorization },
    );
    const secret = (minted.data as { createApiToken: { token: string } }).createApiToken.token;
    expect((await operate('{ projects { id } }', { authorization: `Bearer ${secret}` })).errors).toBeUndefined();
  });

  it('lists my sessions, marks the one in use, and ends others — only my own', async () => {
    const laptop = await signIn('viewer@test.local', 'a long password');
    const phone = await signIn('viewer@test.local', 'a long password');
    type Listed = { sessions: { id: string; current: boolean; userAgent: string | null; lastSeenAt: string | null }[] };
    const list = async (cookie: string) =>
      ((await operate('{ sessions { id current userAgent lastSeenAt } }', { cookie })).data as Listed).sessions;
    const mine = await list(laptop);
    const current = mine.filter((s) => s.current);
    expect(current).toHaveLength(1);
    const phoneId = (await list(phone)).find((s) => s.current)!.id;
    expect(phoneId).not.toBe(current[0]!.id);
    expect(mine.map((s) => s.id)).toContain(phoneId);
    // Its use is noted (written after the answer, so looked for a moment).
    await expect
      .poll(async () => (await list(laptop)).find((s) => s.id === phoneId)?.lastSeenAt ?? null)
      .not.toBeNull();

    // Someone else cannot end it, even knowing its id.
    const byAdmin = await operate(`mutation { endSessions(ids: ["${phoneId}"]) }`, {
      authorization: adminAuthorization,
    });
    expect(byAdmin.data).toEqual({ endSessions: 0 });
    expect((await operate('{ me { email } }', { cookie: phone })).data).toEqual({ me: { email: 'viewer@test.local' } });

    const ended = await operate(`mutation { endSessions(ids: ["${phoneId}"]) }`, { cookie: laptop });
    expect(ended.data).toEqual({ endSessions: 1 });
    expect((await operate('{ me { email } }', { cookie: phone })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await operate('{ me { email } }', { cookie: laptop })).data).toEqual({
      me: { email: 'viewer@test.local' },
    });
  });

  it('a revoked token stops working at once', async () => {
    const admin = { authorization: adminAuthorization };
    const created = await operate(
      'mutation { createApiToken(input: { name: "short-lived", scopes: [READ] }) { ... on CreatedApiToken { token apiToken { id } } } }',
      admin,
    );
    const { token: secret, apiToken } = (
      created.data as { createApiToken: { token: string; apiToken: { id: number } } }
    ).createApiToken;
    expect((await operate('{ projects { id } }', { authorization: `Bearer ${secret}` })).errors).toBeUndefined();
    await operate(`mutation { revokeApiToken(id: ${apiToken.id}) { __typename } }`, admin);
    expect(
      (await operate('{ projects { id } }', { authorization: `Bearer ${secret}` })).errors?.[0]?.extensions?.code,
    ).toBe('UNAUTHENTICATED');
  });

  it('a token notes its use; an expired one, or one whose user is disabled, stops working', async () => {
    const admin = { cookie: await signIn(TEST_ADMIN.email, TEST_ADMIN.password) };
    const created = await operate(
      `mutation { createUser(input: { email: "leaver@test.local", name: "Leaver", role: MEMBER, password: "a long password" }) { ... on User { id } } }`,
      admin,
    );
    const userId = (created.data as { createUser: { id: number } }).createUser.id;
    const leaver = { cookie: await signIn('leaver@test.local', 'a long password') };
    const secret = await token(leaver, 'READ');
    const tokens = server().app.core.prisma.apiToken;
    const stored = await tokens.findFirstOrThrow({ where: { userId } });
    const readWith = async (value: string) =>
      (await get(server().url, '/api/v1/builds/p/pipeline/1', { headers: { authorization: `Bearer ${value}` } }))
        .status;
    expect(await readWith(secret)).toBe(404);
    await expect
      .poll(async () => (await tokens.findUniqueOrThrow({ where: { id: stored.id } })).lastUsedAt)
      .not.toBeNull();

    await tokens.update({ where: { id: stored.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await readWith(secret)).toBe(401);
    await tokens.update({ where: { id: stored.id }, data: { expiresAt: new Date(Date.now() + 3_600_000) } });
    expect(await readWith(secret)).toBe(404);

    await operate(`mutation { updateUser(id: ${userId}, input: { disabled: true }) { __typename } }`, admin);
    expect(await readWith(secret)).toBe(401);
    expect((await operate('{ me { email } }', leaver)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('an open WebSocket is closed once its token is revoked or its session ends, and only then', async () => {
    const own = await startServer({ WS_RECHECK_MS: '200' });
    try {
      const operateOn = (query: string, headers: Record<string, string>) =>
        as(own.url, { token: null, actor: null, headers }).raw(query);
      const minted = await operateOn(
        'mutation { createApiToken(input: { name: "ws", scopes: [READ] }) { ... on CreatedApiToken { token apiToken { id } } } }',
        { authorization: adminAuthorization },
      );
      const { token: secret, apiToken } = (
        minted.body.data as { createApiToken: { token: string; apiToken: { id: number } } }
      ).createApiToken;
      const login = await post(own.url, '/api/v1/auth/login', TEST_ADMIN, { anonymous: true });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      /** A live subscription, and how (4403) and when its socket closed. */
      const open = (headers: Record<string, string>) => {
        const closed: { code?: number } = {};
        const client = wsClientAs(own.url, headers, {
          closed: (event) => (closed.code = (event as { code: number }).code),
        });
        client.subscribe(
          { query: 'subscription { issueEvents { kind } }' },
          { next: () => {}, error: () => {}, complete: () => {} },
        );
        return { closed, client };
      };
      const byToken = open({ authorization: `Bearer ${secret}` });
      const bySession = open({ cookie });
      const byAdminToken = open({ authorization: adminAuthorization });
      await new Promise((r) => setTimeout(r, 800));
      expect([byToken.closed.code, bySession.closed.code, byAdminToken.closed.code]).toEqual([
        undefined,
        undefined,
        undefined,
      ]);

      await operateOn(`mutation { revokeApiToken(id: ${apiToken.id}) { __typename } }`, {
        authorization: adminAuthorization,
      });
      await expect.poll(() => byToken.closed.code, { timeout: 3000 }).toBe(4403);
      expect(bySession.closed.code).toBeUndefined();

      await post(own.url, '/api/v1/auth/logout', {}, { anonymous: true, headers: { cookie } });
      await expect.poll(() => bySession.closed.code, { timeout: 3000 }).toBe(4403);
      expect(byAdminToken.closed.code).toBeUndefined();
      for (const c of [byToken, bySession, byAdminToken]) await c.client.dispose();
    } finally {
      await own.stop();
    }
  });

  it('with PROJECT_API_AUTH=required the REST project API needs read to list and admin to change', async () => {
    const own = await startServer({ PROJECT_API_AUTH: 'required' });
    try {
      expect((await fetch(`${own.url}/api/v1/projects`)).status).toBe(401);
      expect((await fetch(`${own.url}/api/v1/projects/x`)).status).toBe(401);
      const anonymousPut = await fetch(`${own.url}/api/v1/projects/rest_auth`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(anonymousPut.status).toBe(401);
      await own.app.core.prisma.user.create({
        data: {
          email: 'reader@test.local',
          name: 'R',
          role: 'VIEWER',
          passwordHash: await hashPassword('a long password'),
        },
      });
      const login = await post(
        own.url,
        '/api/v1/auth/login',
        { email: 'reader@test.local', password: 'a long password' },
        { anonymous: true },
      );
      const viewer = login.headers.get('set-cookie')!.split(';')[0]!;
      expect((await fetch(`${own.url}/api/v1/projects`, { headers: { cookie: viewer } })).status).toBe(200);
      const put = await fetch(`${own.url}/api/v1/projects/rest_auth`, {
        method: 'PUT',
        headers: { cookie: viewer, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(put.status).toBe(403);
    } finally {
      await own.stop();
    }
  });

  /** How a graphql-ws connection with these headers (and connection_init payload) ends: 4403 refused, else "acknowledged". */
  async function webSocketOutcome(
    base: string,
    headers: Record<string, string>,
    payload?: unknown,
  ): Promise<number | 'acknowledged'> {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { headers });
    return new Promise((resolve) => {
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload })));
      ws.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'connection_ack') {
          resolve('acknowledged');
          ws.close();
        }
      });
      ws.on('close', (c) => resolve(c));
    });
  }

  it('a WebSocket from another site is refused, whatever cookie or X-Forwarded-Host it carries', async () => {
    const cookie = await signIn(TEST_ADMIN.email, TEST_ADMIN.password);
    expect(await webSocketOutcome(server().url, { cookie, origin: 'https://evil.example' })).toBe(4403);
    // Without TRUST_PROXY the header is anyone's to send: it does not make the origin ours.
    expect(
      await webSocketOutcome(server().url, {
        cookie,
        origin: 'https://evil.example',
        'x-forwarded-host': 'evil.example',
      }),
    ).toBe(4403);
    expect(await webSocketOutcome(server().url, { cookie, origin: server().url })).toBe('acknowledged');
    // Behind a trusted proxy, the host the browser reached is the forwarded one.
    const proxied = await startServer({ TRUST_PROXY: '127.0.0.1' });
    try {
      expect(
        await webSocketOutcome(proxied.url, {
          origin: 'https://logs.example.com',
          'x-forwarded-host': 'logs.example.com',
        }),
      ).toBe('acknowledged');
      expect(
        await webSocketOutcome(proxied.url, { origin: 'https://evil.example', 'x-forwarded-host': 'logs.example.com' }),
      ).toBe(4403);
    } finally {
      await proxied.stop();
    }
  });

  it('a WebSocket whose connection_init authorization is not text is refused, not failed operation by operation', async () => {
    for (const authorization of [42, true, {}, { authorization: 'Bearer x' }, ['Bearer x']])
      expect(await webSocketOutcome(server().url, {}, { authorization }), JSON.stringify(authorization)).toBe(4403);
    expect(await webSocketOutcome(server().url, {}, { authorization: adminAuthorization })).toBe('acknowledged');
    // No token, said either way, is anonymous.
    for (const payload of [{}, { authorization: null }, undefined])
      expect(await webSocketOutcome(server().url, {}, payload)).toBe('acknowledged');
  });

  it('sign-in and sign-out take only JSON from a page of this origin', async () => {
    const login = (
      headers: Record<string, string>,
      body = JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password }),
    ) => fetch(`${server().url}/api/v1/auth/login`, { method: 'POST', headers, body });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await login({ 'content-type': type });
      expect(res.status, type).toBe(415);
      expect(res.headers.get('set-cookie'), type).toBeNull();
    }
    const noType = await fetch(`${server().url}/api/v1/auth/login`, {
      method: 'POST',
      body: new Blob([JSON.stringify({ email: TEST_ADMIN.email, password: TEST_ADMIN.password })]),
    });
    expect(noType.status).toBe(415);
    const crossSite = await login({ 'content-type': 'application/json', origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ error: 'cross_origin' });
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    const spoofed = await login({
      'content-type': 'application/json',
      origin: 'https://evil.example',
      'x-forwarded-host': 'evil.example',
    });
    expect(spoofed.status).toBe(403);
    const own = await login({ 'content-type': 'application/json', origin: server().url });
    expect(own.status).toBe(200);
    const cookie = own.headers.get('set-cookie')!.split(';')[0]!;
    const logout = (headers: Record<string, string>) =>
      fetch(`${server().url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie, ...headers }, body: '{}' });
    expect((await logout({ 'content-type': 'text/plain' })).status).toBe(415);
    expect((await logout({ 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(403);
    expect((await operate('{ me { email } }', { cookie })).data).toEqual({ me: { email: TEST_ADMIN.email } });
    expect((await logout({ 'content-type': 'application/json' })).status).toBe(200);
    expect((await operate('{ me { email } }', { cookie })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('pages of other origins get no credentialed CORS answer, except for sending reports', async () => {
    const preflight = (path: string, method: string) =>
      fetch(`${server().url}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:3000',
          'access-control-request-method': method,
          'access-control-request-headers': 'content-type',
        },
      });
    for (const [path, method] of [
      ['/graphql', 'POST'],
      ['/api/v1/projects', 'GET'],
      ['/api/v1/projects/rest_auth', 'PUT'],
      ['/api/v1/auth/me', 'GET'],
    ] as const) {
      const res = await preflight(path, method);
      // The origin may call with a token in Authorization, but the browser sends no cookie along.
      expect(res.headers.get('access-control-allow-origin'), path).toBe('http://localhost:3000');
      expect(res.headers.get('access-control-allow-credentials'), path).toBeNull();
    }
    for (const path of ['/api/v1/logs/report', '/api/1/envelope/', '/api/1/store/']) {
      expect((await preflight(path, 'POST')).headers.get('access-control-allow-credentials'), path).toBe('true');
    }
  });

  it('a new password ends the other sessions; tokens go on unless the reset revokes them, and the count says so', async () => {
    const admin = { authorization: adminAuthorization };
    await server().app.core.prisma.user.create({
      data: {
        email: 'moving@test.local',
        name: 'M',
        role: 'MEMBER',
        passwordHash: await hashPassword('a long password'),
      },
    });
    const here = await signIn('moving@test.local', 'a long password');
    const elsewhere = await signIn('moving@test.local', 'a long password');
    const mint = async () =>
      (
        await operate(
          'mutation { createApiToken(input: { name: "t", scopes: [READ] }) { ... on CreatedApiToken { token } } }',
          { cookie: here },
        )
      ).data as { createApiToken: { token: string } };
    const tokens = [(await mint()).createApiToken.token, (await mint()).createApiToken.token];
    const works = async (headers: Record<string, string>) =>
      (await operate('{ me { email } }', headers)).errors === undefined;

    const changed = await operate(
      'mutation { changePassword(current: "a long password", next: "a new long password") { __typename ... on User { activeApiTokens } } }',
      { cookie: here },
    );
    expect(changed.data).toEqual({ changePassword: { __typename: 'User', activeApiTokens: 2 } });
    expect([await works({ cookie: here }), await works({ cookie: elsewhere })]).toEqual([true, false]);
    expect(await works({ authorization: `Bearer ${tokens[0]}` })).toBe(true);

    // An admin's reset ends every session, and revokes the tokens when asked to.
    const { id } = await server().app.core.prisma.user.findUniqueOrThrow({ where: { email: 'moving@test.local' } });
    const reset = await operate(
      `mutation { updateUser(id: ${id}, input: { password: "reset by the admin", revokeTokens: true }) { ... on User { activeApiTokens } } }`,
      admin,
    );
    expect(reset.data).toEqual({ updateUser: { activeApiTokens: 0 } });
    expect(await works({ cookie: here })).toBe(false);
    for (const token of tokens) expect(await works({ authorization: `Bearer ${token}` })).toBe(false);
  });

  it('changes to accounts and tokens are logged with who made them, and no secret', async () => {
    const info = vi.spyOn(server().app.core.logger, 'info');
    try {
      const admin = { authorization: adminAuthorization };
      const created = await operate(
        'mutation { createUser(input: { email: "audited@test.local", name: "A", role: VIEWER, password: "a long password" }) { ... on User { id } } }',
        admin,
      );
      const { id } = (created.data as { createUser: { id: number } }).createUser;
      await operate(
        `mutation { updateUser(id: ${id}, input: { role: MEMBER, password: "another long one" }) { __typename } }`,
        admin,
      );
      const adminId = (await server().app.core.prisma.user.findUniqueOrThrow({ where: { email: TEST_ADMIN.email } }))
        .id;
      const logged = info.mock.calls
        .map(([fields]) => fields as Record<string, unknown>)
        .filter((f) => String(f.event).startsWith('auth.'));
      expect(logged).toEqual([
        { event: 'auth.user_created', by: adminId, userId: id, role: 'VIEWER' },
        {
          event: 'auth.user_updated',
          by: adminId,
          userId: id,
          role: 'MEMBER',
          passwordReset: true,
          tokensRevoked: false,
        },
      ]);
    } finally {
      info.mockRestore();
    }
  });
});
