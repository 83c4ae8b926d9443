// The project API: list, read, partial update.
import { describe, expect, it } from 'vitest';
import { startServer, useServer } from './helpers/server.ts';
import { requireIngestKey } from './helpers/keys.ts';
import { get, put, report } from './helpers/http.ts';
import { runtimeReport } from './helpers/fixtures.ts';

const server = useServer();

describe('GET /api/v1/projects', () => {
  it('lists every project with its metadata, ordered by id', async () => {
    await report(server().url, runtimeReport({ project_id: 'list_b' }));
    await report(server().url, runtimeReport({ project_id: 'list_a', repo_url: 'https://git.example.com/a.git' }));
    const res = await get(server().url, '/api/v1/projects');
    expect(res.status).toBe(200);
    const ids = res.body.projects.map((p: { project_id: string }) => p.project_id);
    expect(ids).toEqual([...ids].sort());
    expect(res.body.total).toBe(res.body.projects.length);
    const a = res.body.projects.find((p: { project_id: string }) => p.project_id === 'list_a');
    expect(a).toEqual({
      project_id: 'list_a',
      name: 'list_a',
      repo_url: 'https://git.example.com/a.git',
      local_path: null,
      description: null,
      ingest_key_required: false,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });
});

describe('GET /api/v1/projects/{id}', () => {
  it('answers 404 for an unknown project', async () => {
    const res = await get(server().url, '/api/v1/projects/never_reported');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found', message: 'project "never_reported" does not exist' });
  });
});

describe('PUT /api/v1/projects/{id}', () => {
  it('updates only the fields given', async () => {
    await report(server().url, runtimeReport({ project_id: 'edit_me', repo_url: 'https://git.example.com/edit.git' }));
    const first = await put(server().url, '/api/v1/projects/edit_me', { name: 'Edit Me', description: 'first' });
    expect(first.status).toBe(200);
    const second = await put(server().url, '/api/v1/projects/edit_me', { local_path: '/srv/edit_me' });
    expect(second.body).toMatchObject({
      project_id: 'edit_me',
      name: 'Edit Me',
      description: 'first',
      repo_url: 'https://git.example.com/edit.git',
      local_path: '/srv/edit_me',
    });
    expect(new Date(second.body.updated_at).getTime()).toBeGreaterThan(new Date(second.body.created_at).getTime());
    expect((await get(server().url, '/api/v1/projects/edit_me')).body).toEqual(second.body);
  });

  it('clears a field set to null', async () => {
    await put(server().url, '/api/v1/projects/clear_me', { description: 'temporary' });
    const res = await put(server().url, '/api/v1/projects/clear_me', { description: null });
    expect(res.body.description).toBeNull();
  });

  it('registers a project that has not reported yet (201)', async () => {
    const res = await put(server().url, '/api/v1/projects/pre_registered', {
      repo_url: 'git@git.example.com:team/pre.git',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ project_id: 'pre_registered', name: 'pre_registered' });
    // Its first report then finds it.
    await report(server().url, runtimeReport({ project_id: 'pre_registered' }));
    expect((await get(server().url, '/api/v1/projects/pre_registered')).body.repo_url).toBe(
      'git@git.example.com:team/pre.git',
    );
  });

  it('accepts Windows paths and every kind of git remote', async () => {
    for (const repo_url of [
      'https://h/t/r.git',
      'http://h/r',
      'ssh://git@h:22/t/r.git',
      'git@h:t/r.git',
      'file:///srv/git/r.git',
    ]) {
      expect((await put(server().url, '/api/v1/projects/remotes', { repo_url })).body.repo_url).toBe(repo_url);
    }
    expect((await put(server().url, '/api/v1/projects/remotes', { local_path: 'C:\\code\\app' })).body.local_path).toBe(
      'C:\\code\\app',
    );
  });

  it.each([
    [{ name: '' }, 'name', /must not be empty/],
    [{ name: 7 }, 'name', /must be a string/],
    [{ repo_url: 'not a url' }, 'repo_url', /git remote/],
    [{ local_path: 'relative/path' }, 'local_path', /absolute path/],
    [{ description: 5 }, 'description', /must be a string/],
    [{ repoUrl: 'https://h/r.git' }, 'repoUrl', 'is not a known field'],
    [{ project_id: 'someone_else' }, 'project_id', /must be "validated"/],
  ])('rejects %j with 422 naming %s, and changes nothing', async (body, path, reason) => {
    await put(server().url, '/api/v1/projects/validated', { name: 'Validated' });
    const before = (await get(server().url, '/api/v1/projects/validated')).body;
    const res = await put(server().url, '/api/v1/projects/validated', body);
    expect(res.status).toBe(422);
    expect(res.body.details).toContainEqual({
      path,
      reason: typeof reason === 'string' ? reason : expect.stringMatching(reason),
    });
    expect((await get(server().url, '/api/v1/projects/validated')).body).toEqual(before);
  });

  it('rejects a body that is not JSON with 400', async () => {
    const res = await put(server().url, '/api/v1/projects/validated', undefined, {
      raw: '{name:',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_json');
  });

  it('answers 404 for a malformed project id and creates nothing', async () => {
    const res = await put(server().url, `/api/v1/projects/${encodeURIComponent('bad id!')}`, { name: 'x' });
    expect(res.status).toBe(404);
    expect(
      (await get(server().url, '/api/v1/projects')).body.projects.map((p: { project_id: string }) => p.project_id),
    ).not.toContain('bad id!');
  });
});

describe('registration without a credential (PROJECT_API_AUTH=registration, the default)', () => {
  const anonymous = { anonymous: true };
  const changesOf = (id: string) =>
    server().app.core.prisma.projectChange.findMany({ where: { projectId: id }, orderBy: { id: 'asc' } });

  it('fills unset fields, takes repeats, refuses changes with 403, and an admin may change anything', async () => {
    await report(server().url, runtimeReport({ project_id: 'reg_a', repo_url: 'https://git.example.com/a.git' }));
    const fill = {
      name: 'Service A',
      repo_url: 'https://git.example.com/a.git',
      local_path: '/srv/a',
      description: 'A',
    };
    const first = await put(server().url, '/api/v1/projects/reg_a', fill, anonymous);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ project_id: 'reg_a', ...fill });
    expect(first.body).not.toHaveProperty('ingest_key_required');
    expect((await put(server().url, '/api/v1/projects/reg_a', fill, anonymous)).status).toBe(200);

    const refused = await put(
      server().url,
      '/api/v1/projects/reg_a',
      { name: 'Taken over', local_path: '/tmp/x', description: 'A' },
      anonymous,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.details).toEqual([
      { path: 'name', reason: 'is already set; changing it needs an ADMIN credential' },
      { path: 'local_path', reason: 'is already set; changing it needs an ADMIN credential' },
    ]);
    expect((await put(server().url, '/api/v1/projects/reg_a', { ingest_key_required: true }, anonymous)).status).toBe(
      403,
    );
    expect((await get(server().url, '/api/v1/projects/reg_a', anonymous)).body).toMatchObject(fill);

    const byAdmin = await put(server().url, '/api/v1/projects/reg_a', { name: 'Renamed by an admin' });
    expect(byAdmin.body).toMatchObject({ name: 'Renamed by an admin', ingest_key_required: false });

    // The history: who set what, from where; a repeat that changed nothing is not in it.
    const history = await changesOf('reg_a');
    expect(history.map((c) => [c.actor, c.remoteAddr, Object.keys(c.changes as object).sort()])).toEqual([
      ['anonymous registration', '127.0.0.1', ['description', 'localPath', 'name']],
      ['admin@test.local', '127.0.0.1', ['name']],
    ]);
    expect(history[0]!.changes).toMatchObject({ name: { from: 'reg_a', to: 'Service A' } });
  });

  it('registers a new project within the limits on projects made by reports', async () => {
    const created = await put(server().url, '/api/v1/projects/reg_new', { name: 'New' }, anonymous);
    expect(created.status).toBe(201);
    const own = await startServer({ AUTO_CREATE_PROJECTS: 'false' });
    try {
      const refused = await put(own.url, '/api/v1/projects/reg_closed', { name: 'Closed' }, anonymous);
      expect(refused.status).toBe(404);
      expect(await own.app.core.prisma.project.count({ where: { id: 'reg_closed' } })).toBe(0);
    } finally {
      await own.stop();
    }
  });

  it('refuses a token that does not work, rather than reading it as no credential', async () => {
    const bad = { anonymous: true, headers: { authorization: 'Bearer lct_revoked_or_made_up_token_0000000000' } };
    expect((await get(server().url, '/api/v1/projects', bad)).status).toBe(401);
    expect((await put(server().url, '/api/v1/projects/reg_bad', { name: 'x' }, bad)).status).toBe(401);
  });

  it('needs the project’s key when its reports need one', async () => {
    await report(server().url, runtimeReport({ project_id: 'reg_keyed' }));
    const key = await requireIngestKey(server().url, 'reg_keyed');
    const body = { description: 'filled' };
    expect((await put(server().url, '/api/v1/projects/reg_keyed', body, anonymous)).status).toBe(401);
    expect(
      (
        await put(server().url, '/api/v1/projects/reg_keyed', body, {
          ...anonymous,
          headers: { 'x-log-center-key': 'wrong' },
        })
      ).status,
    ).toBe(403);
    const keyed = await put(server().url, '/api/v1/projects/reg_keyed', body, {
      ...anonymous,
      headers: { 'x-log-center-key': key.publicKey },
    });
    expect(keyed.status, keyed.text).toBe(200);
    expect(keyed.body.description).toBe('filled');
  });
});
