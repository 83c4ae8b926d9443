// A small Kubernetes API client: in-cluster (service account) or from a kubeconfig, GET only.
import { readFileSync, existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export type KubeConfig = {
  server: string;
  token?: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  insecure?: boolean;
  /** The namespace of the context or service account. */
  namespace?: string;
  source: string;
};

export class KubeError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

function inCluster(): KubeConfig | null {
  const host = process.env.KUBERNETES_SERVICE_HOST;
  if (!host || !existsSync(join(SERVICE_ACCOUNT, 'token'))) return null;
  const port = process.env.KUBERNETES_SERVICE_PORT ?? '443';
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    token: readFileSync(join(SERVICE_ACCOUNT, 'token'), 'utf8').trim(),
    ca: readFileSync(join(SERVICE_ACCOUNT, 'ca.crt')),
    namespace: readFileSync(join(SERVICE_ACCOUNT, 'namespace'), 'utf8').trim(),
    source: 'in-cluster service account',
  };
}

type Named<T> = { name: string } & T;
type RawKubeconfig = {
  'current-context'?: string;
  contexts?: Named<{ context: { cluster: string; user: string; namespace?: string } }>[];
  clusters?: Named<{ cluster: Record<string, string | boolean> }>[];
  users?: Named<{ user: Record<string, unknown> }>[];
};

function fileOrData(data: unknown, file: unknown): Buffer | undefined {
  if (typeof data === 'string') return Buffer.from(data, 'base64');
  if (typeof file === 'string') return readFileSync(file);
  return undefined;
}

export function fromKubeconfig(path: string): KubeConfig {
  const config = parse(readFileSync(path, 'utf8')) as RawKubeconfig;
  const contextName = config['current-context'];
  const context = config.contexts?.find((c) => c.name === contextName)?.context;
  if (!context) throw new KubeError(null, `${path}: no current-context`);
  const cluster = config.clusters?.find((c) => c.name === context.cluster)?.cluster;
  const user = config.users?.find((u) => u.name === context.user)?.user ?? {};
  if (!cluster?.server) throw new KubeError(null, `${path}: context ${contextName} has no cluster server`);
  if (user.exec || user['auth-provider']) {
    throw new KubeError(
      null,
      `${path}: user ${context.user} authenticates with a plugin; give the monitor a token or client certificate instead`,
    );
  }
  const token =
    typeof user.token === 'string'
      ? user.token
      : typeof user.tokenFile === 'string'
        ? readFileSync(user.tokenFile, 'utf8').trim()
        : undefined;
  return {
    server: String(cluster.server),
    ...(token ? { token } : {}),
    ca: fileOrData(cluster['certificate-authority-data'], cluster['certificate-authority']),
    cert: fileOrData(user['client-certificate-data'], user['client-certificate']),
    key: fileOrData(user['client-key-data'], user['client-key']),
    insecure: cluster['insecure-skip-tls-verify'] === true,
    ...(context.namespace ? { namespace: context.namespace } : {}),
    source: `kubeconfig ${path} (context ${contextName})`,
  };
}

/** In the cluster, the service account; elsewhere KUBECONFIG or ~/.kube/config. */
export function loadKubeConfig(env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const cluster = env.KUBECONFIG ? null : inCluster();
  if (cluster) return cluster;
  const path = env.KUBECONFIG?.split(':')[0] || join(homedir(), '.kube', 'config');
  if (!existsSync(path)) throw new KubeError(null, `not in a cluster and no kubeconfig at ${path}`);
  return fromKubeconfig(path);
}

export class KubeClient {
  constructor(readonly config: KubeConfig) {}

  private get(path: string): Promise<{ status: number; body: string }> {
    const url = new URL(path, this.config.server);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'GET',
          headers: {
            accept: 'application/json',
            ...(this.config.token ? { authorization: `Bearer ${this.config.token}` } : {}),
          },
          ca: this.config.ca,
          cert: this.config.cert,
          key: this.config.key,
          rejectUnauthorized: !this.config.insecure,
          timeout: 15_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out after 15 s')));
      req.on('error', (err) =>
        reject(new KubeError(null, `cannot reach the Kubernetes API at ${this.config.server}: ${err.message}`)),
      );
      req.end();
    });
  }

  private async check(path: string, what: string) {
    const res = await this.get(path);
    if (res.status >= 200 && res.status < 300) return res.body;
    let reason = res.body;
    try {
      reason = (JSON.parse(res.body) as { message?: string }).message ?? res.body;
    } catch {
      // not a Status object
    }
    const hint =
      res.status === 401
        ? ' (not authenticated: check the token)'
        : res.status === 403
          ? ' (forbidden: the monitor needs a Role allowing pods get/list/watch and pods/log get)'
          : '';
    throw new KubeError(res.status, `${what} failed with HTTP ${res.status}${hint}: ${reason}`);
  }

  async listPods(namespace: string | null): Promise<Pod[]> {
    const path = namespace ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods` : '/api/v1/pods';
    const body = await this.check(path, `listing pods in ${namespace ? `namespace ${namespace}` : 'all namespaces'}`);
    return (JSON.parse(body) as { items: Pod[] }).items;
  }

  /** The end of a container's log (the previous instance's with `previous`), bounded in lines and bytes. */
  async logTail(
    namespace: string,
    pod: string,
    container: string,
    { previous, lines, bytes }: { previous: boolean; lines: number; bytes: number },
  ) {
    const query = new URLSearchParams({
      container,
      tailLines: String(lines),
      limitBytes: String(bytes),
      previous: String(previous),
    });
    return this.check(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log?${query}`,
      `reading the log of ${pod}/${container}`,
    );
  }
}

// The parts of a Pod the monitor reads.
export type ContainerState = {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number; signal?: number; finishedAt?: string };
};
export type ContainerStatus = {
  name: string;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
  image?: string;
};
export type Pod = {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; controller?: boolean }[];
  };
  spec?: { nodeName?: string };
  status?: { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[]; phase?: string };
};
