// `logcenter k8s-monitor` against a fake Kubernetes API (plain HTTP, realistic Pod JSON,
// the log endpoint) reached through a kubeconfig — the client code path production uses.
import { TEST_ADMIN_TOKEN } from '../helpers/auth.ts';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.ts';
import { put } from '../helpers/http.ts';
import type { Pod } from '../../tools/k8s/kube-client.ts';

const server = useServer();
const prisma = () => server().app.db.prisma;
const bin = new URL('../../bin/logcenter.js', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'logcenter-k8s-'));
const TOKEN = 'test-service-account-token';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/k8s/pods.json', import.meta.url), 'utf8')) as {
  items: Pod[];
};
let pods: Pod[] = structuredClone(fixture.items);
let mode: 'ok' | 'forbidden' = 'ok';
const logRequests: URL[] = [];

const fake: Server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://fake');
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.headers.authorization !== `Bearer ${TOKEN}`)
    return json(401, { kind: 'Status', status: 'Failure', message: 'Unauthorized', code: 401 });
  if (mode === 'forbidden') {
    return json(403, {
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message:
        'pods is forbidden: User "system:serviceaccount:default:pod-monitor" cannot list resource "pods" in API group "" in the namespace "default"',
    });
  }
  const list = url.pathname.match(/^\/api\/v1\/(?:namespaces\/([^/]+)\/)?pods$/);
  if (list)
    return json(200, {
      kind: 'PodList',
      apiVersion: 'v1',
      items: pods.filter((p) => !list[1] || p.metadata.namespace === list[1]),
    });
  const logs = url.pathname.match(/^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/);
  if (logs) {
    logRequests.push(url);
    const container = url.searchParams.get('container');
    const lines = Array.from(
      { length: 80 },
      (_, i) => `${logs[2]}/${container} previous=${url.searchParams.get('previous')} line ${i + 1}`,
    );
    const tail = Number(url.searchParams.get('tailLines') ?? 80);
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end(lines.slice(-tail).join('\n') + '\n');
  }
  json(404, { kind: 'Status', code: 404, message: 'not found' });
});

let kubeconfig: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  const { port } = fake.address() as { port: number };
  kubeconfig = join(work, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
current-context: test
clusters:
  - name: fake
    cluster:
      server: http://127.0.0.1:${port}
contexts:
  - name: test
    context: { cluster: fake, user: monitor, namespace: default }
users:
  - name: monitor
    user:
      token: ${TOKEN}
`,
  );
  for (const id of ['rtc_backend', 'rtc_web', 'log_center_api', 'rtc_worker'])
    await put(server().url, `/api/v1/projects/${id}`, { name: id });
});
afterAll(async () => {
  await new Promise((resolve) => fake.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  ...process.env,
  KUBECONFIG: kubeconfig,
  LOG_CENTER_URL: server().url,
  LOG_CENTER_TOKEN: TEST_ADMIN_TOKEN,
  MONITOR_NAMESPACE: 'default',
  MONITOR_STATE_FILE: join(work, 'state.json'),
  KUBERNETES_SERVICE_HOST: '',
  ...extra,
});
const runOnce = (extra?: Record<string, string>) =>
  promisify(execFile)(process.execPath, [bin, 'k8s-monitor', '--once'], { env: env(extra) }).then(
    (r) => ({ code: 0, output: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
  );

const deploymentIssues = () =>
  prisma().issue.findMany({
    where: { source: 'deployment' },
    include: { occurrences: { orderBy: { id: 'desc' } } },
    orderBy: { id: 'asc' },
  });

describe('k8s-monitor', { timeout: 60_000 }, () => {
  it('reports every failing container of a known app, with its workload, node and previous logs', async () => {
    const { code, output } = await runOnce();
    expect(code, output).toBe(0);
    const issues = await deploymentIssues();
    const podOf = (o: { context: unknown }) => (o.context as { pod_name: string }).pod_name;
    const found = issues.flatMap((i) => i.occurrences.map((o) => `${i.errorType} ${podOf(o)}`)).sort();
    expect(found).toEqual(
      [
        'CrashLoopBackOff rtc-backend-5d8f7c9b6-init1',
        'CrashLoopBackOff rtc-backend-5d8f7c9b6-x2k4p',
        'CreateContainerConfigError log-center-api-55f9d7c6b4-cfg01',
        'CreateContainerError log-center-api-55f9d7c6b4-cre01',
        'ErrImagePull rtc-web-6b7c8d9e0-pull2',
        'ImagePullBackOff rtc-web-6b7c8d9e0-pull1',
        'InvalidImageName log-center-api-55f9d7c6b4-img01',
        'OOMKilled rtc-backend-dev-7c9d8b6f5-mm2q9',
        'OOMKilled rtc-web-6b7c8d9e0-abcde',
        'OOMKilled worker-0',
        'RunContainerError log-center-api-55f9d7c6b4-run01',
      ].sort(),
    );

    // The main container and the init container crash-looping are one issue: same deployment.
    const crash = issues.find((i) => i.errorType === 'CrashLoopBackOff' && i.projectId === 'rtc_backend')!;
    expect(crash).toMatchObject({ level: 'CRITICAL', filePath: null, lineNumber: null, occurrenceCount: 2 });
    const occurrence = crash.occurrences.find((o) => podOf(o) === 'rtc-backend-5d8f7c9b6-x2k4p')!;
    expect(crash.occurrences.find((o) => podOf(o) === 'rtc-backend-5d8f7c9b6-init1')!.context).toMatchObject({
      container_name: 'migrate',
      init_container: true,
    });
    expect(occurrence.environment).toBe('production');
    expect(occurrence.message).toMatch(
      /^CrashLoopBackOff: back-off 5m0s restarting failed container=api.*\(pod: rtc-backend-5d8f7c9b6-x2k4p, container: api\)$/,
    );
    expect(occurrence.context).toEqual({
      namespace: 'default',
      pod_name: 'rtc-backend-5d8f7c9b6-x2k4p',
      container_name: 'api',
      init_container: false,
      deployment_name: 'rtc-backend',
      restart_count: 5,
      node_name: 'node-1',
    });
    expect(occurrence.stackTrace).toHaveLength(50);
    expect(occurrence.stackTrace.at(-1)).toBe('rtc-backend-5d8f7c9b6-x2k4p/api previous=true line 80');

    const dev = issues.find((i) => podOf(i.occurrences[0]!) === 'rtc-backend-dev-7c9d8b6f5-mm2q9')!;
    expect(dev.occurrences[0]!.environment).toBe('development');
    const pull = issues.find((i) => i.errorType === 'ImagePullBackOff')!;
    expect(pull.occurrences[0]!.stackTrace).toEqual([pull.occurrences[0]!.message]);
    const worker = issues.find((i) => i.projectId === 'rtc_worker')!;
    expect(worker.occurrences[0]!.context).toMatchObject({ deployment_name: 'worker', restart_count: 0 });

    // Logs only of restarted containers' previous instances, bounded.
    expect(
      logRequests.every(
        (u) =>
          u.searchParams.get('previous') === 'true' &&
          u.searchParams.get('limitBytes') === '65536' &&
          u.searchParams.get('tailLines') === '50',
      ),
    ).toBe(true);
    expect(logRequests.map((u) => u.pathname.split('/')[6]).sort()).toEqual(
      [
        'log-center-api-55f9d7c6b4-run01',
        'rtc-backend-5d8f7c9b6-init1',
        'rtc-backend-5d8f7c9b6-x2k4p',
        'rtc-backend-dev-7c9d8b6f5-mm2q9',
        'rtc-web-6b7c8d9e0-abcde',
      ].sort(),
    );
    // The deployment fingerprint groups by namespace and deployment.
    expect(
      issues
        .filter((i) => i.projectId === 'log_center_api')
        .map((i) => i.errorType)
        .sort(),
    ).toEqual(['CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName', 'RunContainerError']);
  });

  it('does not report a pod again until its restart count changes', async () => {
    const before = await prisma().occurrence.count();
    const requestsBefore = logRequests.length;
    expect((await runOnce()).code).toBe(0);
    expect(await prisma().occurrence.count()).toBe(before);
    expect(logRequests.length).toBe(requestsBefore);

    const crashing = pods.find((p) => p.metadata.name === 'rtc-backend-5d8f7c9b6-x2k4p')!;
    crashing.status!.containerStatuses![0]!.restartCount = 6;
    expect((await runOnce()).code).toBe(0);
    expect(await prisma().occurrence.count()).toBe(before + 1);
    const latest = await prisma().occurrence.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(latest.context).toMatchObject({ pod_name: 'rtc-backend-5d8f7c9b6-x2k4p', restart_count: 6 });
  });

  it('logs a 403 clearly and fails the one-off run', async () => {
    mode = 'forbidden';
    try {
      const { code, output } = await runOnce();
      expect(code).toBe(1);
      expect(output).toMatch(/"event":"scan.failed","status":403/);
      expect(output).toMatch(/forbidden: the monitor needs a Role allowing pods get\/list\/watch and pods\/log get/);
    } finally {
      mode = 'ok';
    }
  });

  it('survives a 403 in a loop run and goes on once access is granted', async () => {
    mode = 'forbidden';
    pods = structuredClone(fixture.items);
    const child = spawn(process.execPath, [bin, 'k8s-monitor', '--interval', '5'], {
      env: env({ MONITOR_STATE_FILE: join(work, 'loop-state.json') }),
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      for (let i = 0; i < 100 && !output.includes('scan.failed'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('"status":403');
      mode = 'ok';
      for (let i = 0; i < 100 && !output.includes('"event":"scan.done"'); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('"event":"scan.done"');
      expect(child.exitCode).toBeNull();
    } finally {
      mode = 'ok';
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('says when the Kubernetes API cannot be reached', async () => {
    const unreachable = join(work, 'unreachable');
    writeFileSync(unreachable, readFileSync(kubeconfig, 'utf8').replace(/server: .*/, 'server: http://127.0.0.1:9'));
    const { code, output } = await runOnce({ KUBECONFIG: unreachable });
    expect(code).toBe(1);
    expect(output).toMatch(/cannot reach the Kubernetes API at http:\/\/127.0.0.1:9/);
  });
});
