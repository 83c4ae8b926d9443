// Every example of the ingestion contract (seed 000), sent verbatim, gets the documented
// response.
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../server/src/ingest/fingerprint.ts';
import { useServer } from './helpers/server.ts';
import { get, put, report } from './helpers/http.ts';
import { fixture } from './helpers/fixtures.ts';
import { runGiteaStep } from './helpers/gitea-step.ts';

const server = useServer();

describe('seed 000 examples', () => {
  it('step 1: the ProjectInit report creates the project, then PUT fills its metadata', async () => {
    const init = await report(server().url, fixture('seed-000/project-init.json'));
    expect(init.status).toBe(200);
    expect(init.body).toMatchObject({ message: 'Log reported', id: expect.any(Number) });

    const created = await get(server().url, '/api/v1/projects/your_project_id');
    expect(created.body).toMatchObject({
      project_id: 'your_project_id',
      repo_url: 'https://gitea.airlabs.art/team/your_project.git',
    });

    const updated = await put(
      server().url,
      '/api/v1/projects/your_project_id',
      fixture('seed-000/project-update.json'),
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      project_id: 'your_project_id',
      name: '项目显示名称',
      repo_url: 'https://gitea.airlabs.art/team/your_project.git',
      local_path: '/absolute/path/to/project',
      description: '项目描述',
    });
    const list = await get(server().url, '/api/v1/projects');
    expect(list.body.projects).toContainEqual(updated.body);
  });

  it('step 2: the runtime report is new, then deduplicated, then a regression once fixed', async () => {
    const body = fixture('seed-000/runtime.json');
    const first = await report(server().url, body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ message: 'Log reported', id: expect.any(Number) });
    expect(first.body.fingerprint).toBe(
      fingerprint({
        projectId: 'rtc_backend',
        source: 'runtime',
        errorType: 'ValueError',
        filePath: 'apps/users/views.py',
        lineNumber: 42,
      }),
    );

    const again = await report(server().url, body);
    expect(again.body).toMatchObject({ message: 'Log deduplicated', id: first.body.id, status: 'NEW' });

    await server().app.db.prisma.issue.update({ where: { id: first.body.id }, data: { status: 'FIXED' } });
    const regressed = await report(server().url, body);
    expect(regressed.body).toMatchObject({ message: 'Regression detected, reopened', id: first.body.id });
    const after = await report(server().url, body);
    expect(after.body).toMatchObject({ message: 'Log deduplicated', id: first.body.id, status: 'NEW' });
  });

  it('step 3: the CI/CD report groups by job and step', async () => {
    const body = fixture('seed-000/cicd.json');
    const first = await report(server().url, body);
    expect(first.body).toMatchObject({ message: 'Log reported' });
    expect(first.body.fingerprint).toBe(
      fingerprint({ projectId: 'rtc_backend', source: 'cicd', errorType: 'CICDFailure', context: body.context }),
    );
    // Another run of the same job and step is the same issue.
    const nextRun = {
      ...body,
      context: { ...body.context, run_id: '25', run_url: 'https://gitea.airlabs.art/zyc/rtc_backend/actions/runs/25' },
    };
    expect((await report(server().url, nextRun)).body).toMatchObject({
      message: 'Log deduplicated',
      id: first.body.id,
    });
  });

  it('step 4: the Kubernetes report (no file or line) groups by namespace and deployment', async () => {
    const body = fixture('seed-000/deployment.json');
    const first = await report(server().url, body);
    expect(first.body).toMatchObject({ message: 'Log reported' });
    expect(first.body.fingerprint).toBe(
      fingerprint({
        projectId: 'rtc_backend',
        source: 'deployment',
        errorType: 'CrashLoopBackOff',
        context: body.context,
      }),
    );
    const otherPod = { ...body, context: { ...body.context, pod_name: 'rtc-backend-xxx-zzz', restart_count: 6 } };
    expect((await report(server().url, otherPod)).body).toMatchObject({
      message: 'Log deduplicated',
      id: first.body.id,
    });
  });

  it('the JavaScript snippet’s payload, sent by sendBeacon as text/plain, is read as JSON', async () => {
    const payload = {
      project_id: 'rtc_web',
      environment: 'production',
      level: 'ERROR',
      error: {
        type: 'TypeError',
        message: "Cannot read properties of undefined (reading 'name')",
        file_path: 'http://localhost:5173/src/App.tsx',
        line_number: parseInt('17'),
        stack_trace: [
          "TypeError: Cannot read properties of undefined (reading 'name')",
          '    at App (http://localhost:5173/src/App.tsx:17:22)',
        ],
      },
      context: { url: 'http://localhost:5173/', userAgent: 'Mozilla/5.0' },
    };
    const res = await fetch(`${server().url}/api/v1/logs/report`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(payload),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ message: 'Log reported' });
  });

  it('the Python and Flutter snippets’ fallbacks ("unknown", line 0) are accepted', async () => {
    const python = await report(server().url, {
      project_id: 'rtc_backend',
      environment: 'development',
      level: 'ERROR',
      error: {
        type: 'KeyError',
        message: "'id'",
        file_path: 'unknown',
        line_number: 0,
        stack_trace: [
          'Traceback (most recent call last):\n',
          '  File "x.py", line 1, in <module>\n',
          "KeyError: 'id'\n",
        ],
      },
      context: {},
    });
    expect(python.body).toMatchObject({ message: 'Log reported' });
    const flutter = await report(server().url, {
      project_id: 'airhub_app',
      environment: 'development',
      level: 'ERROR',
      error: {
        type: '_TypeError',
        message: "type 'Null' is not a subtype of type 'String'",
        file_path: 'package:airhub/main.dart',
        line_number: 12,
        stack_trace: ['#0      main (package:airhub/main.dart:12:7)', '#1      _runMain (dart:ui/hooks.dart:301:23)'],
      },
      context: {},
    });
    expect(flutter.body).toMatchObject({ message: 'Log reported' });
  });

  describe('the Gitea Actions "Report failure" step, run by bash', () => {
    const runStep = (failed: 'build' | 'deploy', log: string) => runGiteaStep(server().url, failed, log);

    it('reports a failed build with the tail of its log', async () => {
      const log = 'Step 1/5 : FROM node:20\n ---> abc\nnpm ERR! "missing script: build"\nERROR: failed to solve\n';
      const res = await runStep('build', log);
      expect(res).toMatchObject({ message: 'Log reported', id: expect.any(Number) });
      const occurrence = await server().app.db.prisma.occurrence.findFirstOrThrow({ where: { issueId: res.id } });
      expect(occurrence.stackTrace).toEqual([log.trimEnd()]);
      expect(occurrence.context).toMatchObject({ step_name: 'build', run_id: '24' });
    });

    it('reports a failed deploy as source deployment, even when the log has tabs, colours and backslashes', async () => {
      const log = 'deployment.apps/your-app configured\n\t\u001b[31merror:\u001b[0m rollout failed at C:\\deploy\n';
      const res = await runStep('deploy', log);
      expect(res).toMatchObject({ message: 'Log reported' });
      const issue = await server().app.db.prisma.issue.findUniqueOrThrow({ where: { id: res.id } });
      expect(issue).toMatchObject({ source: 'deployment', errorType: 'DeployError' });
      const occurrence = await server().app.db.prisma.occurrence.findFirstOrThrow({ where: { issueId: res.id } });
      expect(occurrence.stackTrace).toEqual([log.trimEnd()]);
    });
  });
});
