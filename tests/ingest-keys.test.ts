// Per-project ingestion keys: open by default (the contract's clients send none); a project
// can require one of its keys, in X-Log-Center-Key or as a Sentry key.
import { describe, expect, it } from 'vitest';
import { useServer } from './helpers/server.ts';
import { put, post, report } from './helpers/http.ts';
import { runtimeReport } from './helpers/fixtures.ts';
import { as } from './testkit/client.ts';
import { UpdateProjectMutation } from './graphql/operations.ts';
import { UpdateKeyMutation } from './sentry/operations.ts';
import { requireIngestKey } from './helpers/keys.ts';
import { untilRefused } from './helpers/limits.ts';

const server = useServer();
const occurrences = (projectId: string) => server().app.db.prisma.occurrence.count({ where: { issue: { projectId } } });
const send = (projectId: string, headers: Record<string, string> = {}) =>
  post(server().url, '/api/v1/logs/report', runtimeReport({ project_id: projectId }), { headers });

async function requireKey(projectId: string) {
  await report(server().url, runtimeReport({ project_id: projectId }));
  const { updateProject } = await as(server().url).run(UpdateProjectMutation, {
    id: projectId,
    input: { ingestKeyRequired: true },
  });
  expect(updateProject).toMatchObject({ __typename: 'Project', ingestKeyRequired: true });
  return requireIngestKey(server().url, projectId);
}

describe('ingestion keys', () => {
  it('are not needed by default', async () => {
    expect((await send('keys_open')).status).toBe(200);
  });

  it('once required: no key is 401, a wrong one 403, and neither stores anything', async () => {
    await requireKey('keys_required');
    const before = await occurrences('keys_required');
    const none = await send('keys_required');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: 'key_required', message: expect.stringContaining('X-Log-Center-Key') });
    const wrong = await send('keys_required', { 'x-log-center-key': 'f'.repeat(32) });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toBe('invalid_key');
    expect(await occurrences('keys_required')).toBe(before);
  });

  it('accept the project key in X-Log-Center-Key or as a Sentry key', async () => {
    const key = await requireKey('keys_accepted');
    expect((await send('keys_accepted', { 'x-log-center-key': key.publicKey })).status).toBe(200);
    const sentry = await send('keys_accepted', {
      'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${key.publicKey}`,
    });
    expect(sentry.status).toBe(200);
  });

  it('take effect at once when a key is disabled, and when the requirement is lifted', async () => {
    const key = await requireKey('keys_changes');
    const headers = { 'x-log-center-key': key.publicKey };
    expect((await send('keys_changes', headers)).status).toBe(200);
    await as(server().url).run(UpdateKeyMutation, { id: key.id, input: { enabled: false } });
    expect((await send('keys_changes', headers)).status).toBe(403);

    const lifted = await put(server().url, '/api/v1/projects/keys_changes', { ingest_key_required: false });
    expect(lifted.body).toMatchObject({ project_id: 'keys_changes', ingest_key_required: false });
    expect((await send('keys_changes')).status).toBe(200);
  });

  it('hold to the key’s events-a-minute limit, as Sentry SDKs do, and store nothing over it', async () => {
    const key = await requireKey('keys_limited');
    await as(server().url).run(UpdateKeyMutation, { id: key.id, input: { rateLimitPerMinute: 2 } });
    const headers = { 'x-log-center-key': key.publicKey };
    const { passed: accepted, refused } = await untilRefused(() => send('keys_limited', headers), 2);
    expect(refused?.status).toBe(429);
    expect(refused?.body.error).toBe('rate_limited');
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThanOrEqual(2);
    expect(accepted).toBeLessThanOrEqual(4);
    expect(await occurrences('keys_limited')).toBe(1 + accepted);
  });

  it('leave other projects, and new ones, open', async () => {
    await requireKey('keys_strict');
    expect((await send('keys_other')).status).toBe(200);
    expect((await send('keys_brand_new')).status).toBe(200);
  });
});
