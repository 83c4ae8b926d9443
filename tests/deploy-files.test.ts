// docker-compose.yml and the Dockerfile are for users; no Docker engine runs here, so they
// are checked for what they must contain, and by `docker compose config` where available.
import { execFile, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const root = new URL('../', import.meta.url);
// The Compose v2 plugin, or Debian's docker-compose (.ci/run installs it).
const composeClient = [['docker', 'compose'], ['docker-compose']].find(
  ([cmd, ...args]) => spawnSync(cmd!, [...args, 'version'], { stdio: 'ignore' }).status === 0,
);
const read = (name: string) => readFile(new URL(name, root), 'utf8');

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, Redis and Log Center with health checks, named volumes and healthy dependencies', async () => {
    const compose = parse(await read('docker-compose.yml'));
    const { postgres, redis, logcenter } = compose.services;
    for (const service of [postgres, redis, logcenter]) expect(service.healthcheck.test.length).toBeGreaterThan(0);
    expect(logcenter.build).toBe('.');
    expect(logcenter.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
    const { POSTGRES_USER: user, POSTGRES_PASSWORD: password, POSTGRES_DB: db } = postgres.environment;
    expect(logcenter.environment.DATABASE_URL).toBe(`postgresql://${user}:${password}@postgres:5432/${db}`);
    expect(logcenter.environment.REDIS_URL).toBe('redis://redis:6379');
    expect(logcenter.ports).toEqual(['8002:8002', '8003:8003']);
    const volumes = [...postgres.volumes, ...redis.volumes].map((v: string) => v.split(':')[0]);
    expect(Object.keys(compose.volumes).sort()).toEqual(volumes.sort());
  });

  it.runIf(composeClient)(`passes \`${composeClient?.join(' ')} config\``, async () => {
    const [cmd, ...args] = composeClient!;
    const { stdout } = await promisify(execFile)(cmd!, [...args, 'config'], { cwd: new URL('.', root).pathname });
    expect(parse(stdout).services.logcenter.depends_on.postgres.condition).toBe('service_healthy');
  });
});

describe('Dockerfile', () => {
  it('builds on Node 20 and starts the server on port 8002 with a health check', async () => {
    const dockerfile = await read('Dockerfile');
    expect(dockerfile).toMatch(/^FROM node:24/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev --ignore-scripts && node scripts\/prisma-generate.js/m);
    expect(dockerfile).toMatch(/^EXPOSE 8002 8003$/m);
    expect(dockerfile).toMatch(/^RUN npm run build:web && npm run build:server$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/web\/build \.\/web\/build$/m);
    // bin/logcenter.js runs the bundle, which it finds through scripts/server-bundle.js.
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/server\/dist \.\/server\/dist$/m);
    expect(dockerfile).toMatch(/^COPY .*scripts\/server-bundle\.js .*\.\/scripts\/$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/readyz/m);
    expect(dockerfile).toMatch(/^CMD \["node", "bin\/logcenter.js", "start"\]$/m);
  });
});

describe('k8s/', () => {
  const manifests = async (file: string) => parseAllDocuments(await read(`k8s/${file}`)).map((d) => d.toJS());

  it('grants the pod monitor only pods get/list/watch and pods/log get', async () => {
    const [account, role, binding] = await manifests('monitor-rbac.yaml');
    expect(account).toMatchObject({ kind: 'ServiceAccount', metadata: { name: 'pod-monitor' } });
    expect(role.kind).toBe('Role');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ]);
    expect(binding).toMatchObject({
      kind: 'RoleBinding',
      subjects: [{ kind: 'ServiceAccount', name: 'pod-monitor' }],
      roleRef: { kind: 'Role', name: 'pod-monitor' },
    });
  });

  it('runs the monitor every 5 minutes as that account, with its state kept between runs', async () => {
    const [claim, cron] = await manifests('monitor-cronjob.yaml');
    expect(cron).toMatchObject({ kind: 'CronJob', spec: { schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid' } });
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(pod.serviceAccountName).toBe('pod-monitor');
    const container = pod.containers[0];
    expect(container.args).toEqual(['node', 'bin/logcenter.js', 'k8s-monitor', '--once']);
    const env = Object.fromEntries(container.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
    expect(env.LOG_CENTER_URL).toBe('http://log-center:8002');
    expect(container.volumeMounts[0].mountPath).toBe(env.MONITOR_STATE_FILE.replace(/\/[^/]+$/, ''));
    expect(pod.volumes[0].persistentVolumeClaim.claimName).toBe(claim.metadata.name);
  });

  it('deploys Log Center behind a Service on both ports, health-checked', async () => {
    const [deployment, service] = await manifests('log-center.yaml');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.ports.map((p: { containerPort: number }) => p.containerPort)).toEqual([8002, 8003]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(service.metadata.name).toBe('log-center');
    expect(service.spec.ports.map((p: { port: number }) => p.port)).toEqual([8002, 8003]);
  });
});
