// docker-compose.yml and the Dockerfile are for users; no Docker engine runs here, so they
// are checked for what they must contain, and by `docker compose config` where available.
import { execFile, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

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
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev --ignore-scripts && node scripts\/prisma-generate.js/m);
    expect(dockerfile).toMatch(/^EXPOSE 8002 8003$/m);
    expect(dockerfile).toMatch(/^RUN npm run build:web$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/web\/build \.\/web\/build$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(dockerfile).toMatch(/^CMD \["node", "bin\/logcenter.js", "start"\]$/m);
  });
});
