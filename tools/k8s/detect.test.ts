import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appLabelOf, appLabels, podProblems, workloadName } from './detect.ts';
import type { Pod } from './kube-client.ts';

const pods = (
  JSON.parse(readFileSync(new URL('../../tests/fixtures/k8s/pods.json', import.meta.url), 'utf8')) as { items: Pod[] }
).items;
const pod = (name: string) => pods.find((p) => p.metadata.name === name)!;

describe('podProblems', () => {
  it.each([
    ['rtc-backend-5d8f7c9b6-x2k4p', 'CrashLoopBackOff', 'api', 5],
    ['rtc-backend-dev-7c9d8b6f5-mm2q9', 'OOMKilled', 'api', 3],
    ['rtc-web-6b7c8d9e0-abcde', 'OOMKilled', 'web', 1],
    ['worker-0', 'OOMKilled', 'worker', 0],
    ['rtc-web-6b7c8d9e0-pull1', 'ImagePullBackOff', 'web', 0],
    ['rtc-web-6b7c8d9e0-pull2', 'ErrImagePull', 'web', 0],
    ['log-center-api-55f9d7c6b4-cfg01', 'CreateContainerConfigError', 'api', 0],
    ['log-center-api-55f9d7c6b4-cre01', 'CreateContainerError', 'api', 0],
    ['log-center-api-55f9d7c6b4-run01', 'RunContainerError', 'api', 2],
    ['log-center-api-55f9d7c6b4-img01', 'InvalidImageName', 'api', 0],
  ])('%s: %s in %s after %i restarts', (name, type, container, restarts) => {
    expect(podProblems(pod(name))).toEqual([
      expect.objectContaining({ type, container, restartCount: restarts, init: false }),
    ]);
  });

  it('finds problems in init containers, and says so', () => {
    expect(podProblems(pod('rtc-backend-5d8f7c9b6-init1'))).toEqual([
      {
        type: 'CrashLoopBackOff',
        container: 'migrate',
        init: true,
        restartCount: 4,
        detail: 'back-off 1m20s restarting failed container=migrate; last exit code 2 (Error)',
      },
    ]);
  });

  it('finds nothing in a healthy pod', () => {
    expect(podProblems(pod('rtc-backend-5d8f7c9b6-ok001'))).toEqual([]);
  });

  it('describes an OOM kill with its exit code', () => {
    expect(podProblems(pod('worker-0'))[0]!.detail).toBe('container exceeded its memory limit (exit code 137)');
  });
});

describe('workloadName', () => {
  it('takes the Deployment from the ReplicaSet, minus its pod-template-hash', () => {
    expect(workloadName(pod('rtc-backend-5d8f7c9b6-x2k4p'))).toBe('rtc-backend');
    expect(workloadName(pod('log-center-api-55f9d7c6b4-cfg01'))).toBe('log-center-api');
  });
  it('takes other controllers as they are, and the pod itself without one', () => {
    expect(workloadName(pod('worker-0'))).toBe('worker');
    expect(workloadName({ metadata: { name: 'bare', namespace: 'd', uid: 'u' } })).toBe('bare');
  });
});

describe('appLabels', () => {
  it('maps project ids to app labels with dashes, and a -dev variant', () => {
    const labels = appLabels(['rtc_backend', 'log_center_api']);
    expect(Object.fromEntries(labels)).toEqual({
      'rtc-backend': { projectId: 'rtc_backend', dev: false },
      'rtc-backend-dev': { projectId: 'rtc_backend', dev: true },
      'log-center-api': { projectId: 'log_center_api', dev: false },
      'log-center-api-dev': { projectId: 'log_center_api', dev: true },
    });
    expect(appLabelOf(pod('worker-0'))).toBe('rtc-worker');
  });
});
