// The integration guide's own clients (seed 000: curl, Python requests, a Vite app's fetch)
// register a project against a default installation — `logcenter start` with the embedded
// database, as `npm start` runs it — with no credential, the way the guide writes them, and
// again at every start. Then the K8s monitor's anonymous project list has what they set, and
// the guide's CI reporters (the Gitea Actions step, scripts/report-cicd-error.sh) report.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from './helpers/process.ts';
import { as } from './testkit/client.ts';
import { IssueQuery } from './graphql/operations.ts';
import { ACTIONS_ENV, runGiteaStep } from './helpers/gitea-step.ts';

const run = promisify(execFile);
const fixtures = new URL('./fixtures/seed-000/', import.meta.url).pathname;
const artifacts = new URL('./artifacts/', import.meta.url).pathname;
mkdirSync(artifacts, { recursive: true });
const work = mkdtempSync(join(artifacts, 'seed-clients-'));
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess({ DATA_DIR: join(work, 'data') });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

const registered = {
  project_id: 'your_project_id',
  name: '项目显示名称',
  repo_url: 'https://gitea.airlabs.art/team/your_project.git',
  local_path: '/absolute/path/to/project',
  description: '项目描述',
};

async function anonymousProject() {
  const res = await fetch(`${server.url}/api/v1/projects/your_project_id`);
  expect(res.status).toBe(200);
  return res.json();
}

const CLIENTS: Record<string, () => Promise<unknown>> = {
  curl: () => run('bash', [join(fixtures, 'register.sh')], { env: { ...process.env, LOG_CENTER_URL: server.url } }),
  // Debian's python3 has Debian's requests; a python3 earlier on PATH may not.
  'Python requests': () =>
    run(
      '/usr/bin/python3',
      ['-c', `exec(open(${JSON.stringify(join(fixtures, 'register.py'))}).read()); register_project()`],
      { env: { ...process.env, LOG_CENTER_URL: server.url } },
    ),
  // What Vite makes of the snippet: import.meta.env filled in at build time.
  'TypeScript fetch (Vite)': async () => {
    const source = readFileSync(join(fixtures, 'register.ts'), 'utf8');
    const { code } = await transform(`${source}\nawait registerProject();\n`, {
      loader: 'ts',
      format: 'esm',
      define: { 'import.meta.env': JSON.stringify({ VITE_LOG_CENTER_URL: server.url, MODE: 'production' }) },
    });
    const file = join(work, 'register.mjs');
    writeFileSync(file, code);
    return run(process.execPath, [file]);
  },
};

describe('seed 000 clients against a default installation, with no credential', () => {
  for (const [name, register] of Object.entries(CLIENTS)) {
    it(`${name}: registers the project, and registers it again at the next start`, async () => {
      await register();
      expect(await anonymousProject()).toMatchObject(registered);
      await register();
      const project = await anonymousProject();
      expect(project).toMatchObject(registered);
      // Keys, rules and counts stay behind READ.
      expect(project).not.toHaveProperty('ingest_key_required');
    }, 60_000);
  }

  it('the K8s monitor lists the projects without a credential', async () => {
    const res = await fetch(`${server.url}/api/v1/projects`);
    expect(res.status).toBe(200);
    const { projects } = (await res.json()) as { projects: { project_id: string }[] };
    expect(projects.map((p) => p.project_id)).toContain('your_project_id');
  });

  it('a stranger cannot change what is set: 403 naming the field, nothing changed', async () => {
    const res = await fetch(`${server.url}/api/v1/projects/your_project_id`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ repo_url: 'https://evil.example/stolen.git', description: '项目描述' }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      error: 'forbidden',
      message: expect.stringContaining('needs an ADMIN credential'),
      details: [{ path: 'repo_url', reason: 'is already set; changing it needs an ADMIN credential' }],
    });
    expect(await anonymousProject()).toMatchObject(registered);
  });

  // Read back with the test admin's token: what was stored, not only what was answered.
  const latestOccurrence = async (id: number) => {
    const { issue } = await as(server.url, { actor: 'test' }).run(IssueQuery, { id, first: 1, bucket: 'HOUR' });
    return { issue: issue!, occurrence: issue!.occurrences.edges[0]!.node };
  };

  it('the Gitea Actions step reports a failed build with the tail of its log, and the repeat is deduplicated', async () => {
    const log = 'Step 1/5 : FROM node:24\nnpm ERR! "missing script: build"\nERROR: failed to solve\n';
    const first = await runGiteaStep(server.url, 'build', log);
    expect(first).toMatchObject({ message: 'Log reported', id: expect.any(Number) });
    expect(await runGiteaStep(server.url, 'build', log)).toEqual({ ...first, message: 'Log deduplicated' });
    const { issue, occurrence } = await latestOccurrence(first.id);
    expect(issue).toMatchObject({ source: 'cicd', errorType: 'DockerBuildError', projectId: 'your_project_id' });
    expect(occurrence.stackTrace).toEqual([log.trimEnd()]);
    expect(occurrence.context).toMatchObject({ step_name: 'build', run_id: '24', branch: 'main' });
  });

  it('scripts/report-cicd-error.sh reports a failed step with the Actions context', async () => {
    const log = join(work, 'test.log');
    writeFileSync(log, 'FAIL tests/api.test.ts\n  expected 200, received 500\n');
    const script = new URL('../scripts/report-cicd-error.sh', import.meta.url).pathname;
    const { stdout } = await run('bash', [script, 'rtc_backend', 'Run Tests', log], {
      env: { ...process.env, ...ACTIONS_ENV, LOG_CENTER_URL: server.url },
    });
    expect(stdout).toMatch(/"message":"Log reported"/);
    const { issue, occurrence } = await latestOccurrence(Number(stdout.match(/"id":(\d+)/)?.[1]));
    expect(issue).toMatchObject({ source: 'cicd', projectId: 'rtc_backend' });
    expect(occurrence.stackTrace).toEqual(['FAIL tests/api.test.ts', '  expected 200, received 500']);
    expect(occurrence.context).toMatchObject({
      step_name: 'Run Tests',
      run_url: 'https://gitea.airlabs.art/zyc/rtc_backend/actions/runs/24',
    });
  });
});
