// What is wrong with a pod, from its container statuses (init containers included).
import type { ContainerStatus, Pod } from './kube-client.ts';

export const WAITING_PROBLEMS = [
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'InvalidImageName',
] as const;

export type Problem = {
  type: string;
  container: string;
  init: boolean;
  restartCount: number;
  /** What the kubelet says, for the issue message. */
  detail: string;
};

function problemOf(status: ContainerStatus, init: boolean): Problem | null {
  const restartCount = status.restartCount ?? 0;
  const base = { container: status.name, init, restartCount };
  // OOMKilled first: it is why a container crash-loops, and it may sit only in lastState.
  const killed = [status.state?.terminated, status.lastState?.terminated].find((t) => t?.reason === 'OOMKilled');
  if (killed)
    return {
      ...base,
      type: 'OOMKilled',
      detail: `container exceeded its memory limit (exit code ${killed.exitCode ?? 137})`,
    };
  const waiting = status.state?.waiting;
  if (waiting?.reason && (WAITING_PROBLEMS as readonly string[]).includes(waiting.reason)) {
    const last = status.lastState?.terminated;
    const exit =
      last?.exitCode !== undefined ? `; last exit code ${last.exitCode}${last.reason ? ` (${last.reason})` : ''}` : '';
    return { ...base, type: waiting.reason, detail: `${waiting.message ?? waiting.reason}${exit}` };
  }
  return null;
}

export function podProblems(pod: Pod): Problem[] {
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []).map((s) => [s, true] as const),
    ...(pod.status?.containerStatuses ?? []).map((s) => [s, false] as const),
  ];
  return statuses.flatMap(([s, init]) => problemOf(s, init) ?? []);
}

/** The workload a pod belongs to: a Deployment (through its ReplicaSet), StatefulSet, DaemonSet or Job. */
export function workloadName(pod: Pod): string {
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  if (!owner) return pod.metadata.name;
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (owner.kind === 'ReplicaSet') {
    if (hash && owner.name.endsWith(`-${hash}`)) return owner.name.slice(0, -hash.length - 1);
    return owner.name.replace(/-[a-z0-9]{5,10}$/, '');
  }
  return owner.name;
}

/** The contract's mapping: project_id with underscores as dashes is the app label, plus a -dev variant. */
export function appLabels(projectIds: string[]): Map<string, { projectId: string; dev: boolean }> {
  const labels = new Map<string, { projectId: string; dev: boolean }>();
  for (const projectId of projectIds) {
    const label = projectId.replace(/_/g, '-');
    labels.set(label, { projectId, dev: false });
    labels.set(`${label}-dev`, { projectId, dev: true });
  }
  return labels;
}

export function appLabelOf(pod: Pod): string | undefined {
  const labels = pod.metadata.labels ?? {};
  return labels.app ?? labels['app.kubernetes.io/name'];
}
