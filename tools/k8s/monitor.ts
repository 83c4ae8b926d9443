// `logcenter k8s-monitor [--once]`: scans pods for crash loops, OOM kills, image and
// container-config errors, and reports each (source deployment, level CRITICAL) with the
// previous container's last log lines. A pod is reported again only when its restart count
// (or its problem) changes, remembered in MONITOR_STATE_FILE across runs.
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { postReport, serverUrl } from '../report.ts';
import { appLabelOf, appLabels, podProblems, workloadName, type Problem } from './detect.ts';
import { KubeClient, KubeError, loadKubeConfig, type Pod } from './kube-client.ts';

const log = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'k8s-monitor' },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export const MONITOR_USAGE = `usage: logcenter k8s-monitor [--once] [--interval SECONDS]

environment:
  LOG_CENTER_URL       where to report (default http://localhost:8002)
  MONITOR_NAMESPACE    the namespace to scan (default: all namespaces)
  MONITOR_STATE_FILE   what was reported already (default: the system temp folder)
  KUBECONFIG           outside a cluster (default ~/.kube/config); inside, the service account
`;

const LOG_LINES = 50;
const LOG_BYTES = 64 * 1024;

type State = Record<string, { restartCount: number; type: string }>;

function loadState(path: string): State {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as State;
  } catch {
    return {};
  }
}

function saveState(path: string, state: State) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(state));
  renameSync(`${path}.tmp`, path);
}

async function projectIds(): Promise<string[]> {
  // The project list is open by default; with PROJECT_API_AUTH=required it needs an API token
  // with the read scope (LOG_CENTER_TOKEN), sent when set.
  const token = process.env.LOG_CENTER_TOKEN?.trim();
  const res = await fetch(`${serverUrl()}/api/v1/projects`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`GET /api/v1/projects answered HTTP ${res.status}`);
  const body = (await res.json()) as { projects: { project_id: string }[] };
  return body.projects.map((p) => p.project_id);
}

async function logLines(kube: KubeClient, pod: Pod, problem: Problem): Promise<string[]> {
  // Only a restarted container has a previous instance whose last words explain the crash.
  if (problem.restartCount === 0) return [];
  try {
    const text = await kube.logTail(pod.metadata.namespace, pod.metadata.name, problem.container, {
      previous: true,
      lines: LOG_LINES,
      bytes: LOG_BYTES,
    });
    return text.replace(/\n$/, '').split('\n').slice(-LOG_LINES);
  } catch (err) {
    log.warn(
      { event: 'logs.unavailable', pod: pod.metadata.name, container: problem.container, err: (err as Error).message },
      'previous logs unavailable',
    );
    return [];
  }
}

function report(pod: Pod, problem: Problem, projectId: string, dev: boolean, lines: string[]) {
  const message = `${problem.type}: ${problem.detail} (pod: ${pod.metadata.name}, container: ${problem.container})`;
  return {
    project_id: projectId,
    environment: process.env.MONITOR_ENVIRONMENT ?? (dev ? 'development' : 'production'),
    level: 'CRITICAL',
    source: 'deployment',
    error: {
      type: problem.type,
      message,
      file_path: null,
      line_number: null,
      stack_trace: lines.length ? lines : [message],
    },
    context: {
      namespace: pod.metadata.namespace,
      pod_name: pod.metadata.name,
      container_name: problem.container,
      init_container: problem.init,
      deployment_name: workloadName(pod),
      restart_count: problem.restartCount,
      node_name: pod.spec?.nodeName ?? null,
    },
  };
}

export type ScanResult = { pods: number; problems: number; reported: number; skipped: number; failed: number };

/** One pass over the cluster. Throws when the Kubernetes API or Log Center cannot be read. */
export async function scan(kube: KubeClient, namespace: string | null, statePath: string): Promise<ScanResult> {
  const labels = appLabels(await projectIds());
  const pods = await kube.listPods(namespace);
  const previous = loadState(statePath);
  const state: State = {};
  const result: ScanResult = { pods: 0, problems: 0, reported: 0, skipped: 0, failed: 0 };
  for (const pod of pods) {
    const app = appLabelOf(pod);
    const project = app ? labels.get(app) : undefined;
    if (!project) continue;
    result.pods++;
    for (const problem of podProblems(pod)) {
      result.problems++;
      const key = `${pod.metadata.uid}/${problem.container}`;
      const seen = previous[key];
      if (seen && seen.restartCount === problem.restartCount && seen.type === problem.type) {
        state[key] = seen;
        result.skipped++;
        continue;
      }
      const sent = await postReport(
        report(pod, problem, project.projectId, project.dev, await logLines(kube, pod, problem)),
        { timeoutMs: 10_000 },
      );
      if (!sent.ok) {
        // Not remembered: the next run tries again.
        log.error(
          { event: 'report.failed', pod: pod.metadata.name, container: problem.container, err: sent.error },
          'reporting to Log Center failed',
        );
        result.failed++;
        continue;
      }
      state[key] = { restartCount: problem.restartCount, type: problem.type };
      result.reported++;
      log.info(
        {
          event: 'pod.reported',
          projectId: project.projectId,
          pod: pod.metadata.name,
          container: problem.container,
          type: problem.type,
          restarts: problem.restartCount,
        },
        'reported',
      );
    }
  }
  // Pods that are gone are forgotten.
  saveState(statePath, state);
  return result;
}

export async function runMonitor(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      once: { type: 'boolean', default: false },
      interval: { type: 'string', default: '300' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(MONITOR_USAGE);
    return 0;
  }
  const interval = Number(values.interval);
  if (!Number.isFinite(interval) || interval < 5) {
    process.stderr.write(`--interval must be at least 5 seconds\n\n${MONITOR_USAGE}`);
    return 2;
  }
  const namespace = process.env.MONITOR_NAMESPACE || null;
  const statePath = process.env.MONITOR_STATE_FILE || `${tmpdir()}/logcenter-k8s-monitor.json`;
  let kube: KubeClient;
  try {
    kube = new KubeClient(loadKubeConfig());
  } catch (err) {
    log.error({ event: 'config.failed', err: (err as Error).message }, 'no Kubernetes configuration');
    return 1;
  }
  log.info(
    {
      event: 'monitor.start',
      api: kube.config.server,
      via: kube.config.source,
      namespace: namespace ?? 'all',
      logCenter: serverUrl(),
    },
    'k8s monitor started',
  );

  const once = async () => {
    try {
      const result = await scan(kube, namespace, statePath);
      log.info({ event: 'scan.done', ...result }, 'scan done');
      return result.failed === 0;
    } catch (err) {
      const status = err instanceof KubeError ? err.status : null;
      log.error({ event: 'scan.failed', status, err: (err as Error).message }, 'scan failed');
      return false;
    }
  };
  if (values.once) return (await once()) ? 0 : 1;
  let stopping = false;
  const stop = () => (stopping = true);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  while (!stopping) {
    await once();
    for (let waited = 0; waited < interval * 1000 && !stopping; waited += 250)
      await new Promise((r) => setTimeout(r, 250));
  }
  return 0;
}
