// Two server processes sharing one PostgreSQL database and one Redis: a build log written to
// one replica tails live, whole and in order, on the other, and completes when it ends there.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServerProcess, type ServerProcess } from '../helpers/process.ts';
import { seed, numberedLines } from '../testkit/seed.ts';
import { subscribe } from '../testkit/subscription.ts';
import { BuildLogSubscription } from './operations.ts';

let database: TestDatabase;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  database = await createDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject('redisUrl'), DB_POOL_SIZE: '4' };
  [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

it(
  'a build written to A tails live on B, every line once, and completes when A ends it',
  { timeout: 60_000 },
  async () => {
    const build = seed(a.url).project('builds_replicas').build();
    await build.append({ lines: numberedLines(1, 100) });
    const live = subscribe(b.url, BuildLogSubscription, {
      projectId: 'builds_replicas',
      pipeline: build.pipeline,
      build: build.number,
      fromLine: 1,
    });
    try {
      // Live once a line written to A after subscribing arrives on B.
      let probes = 100;
      await live.ready(
        () => build.append({ message: `probe ${++probes}` }),
        (e) => e.buildLog.lines.some((l) => l.message.startsWith('probe')),
      );
      for (let i = 0; i < 10; i++) await build.append({ lines: numberedLines(1, 200) });
      await build.finish('failure');
      await live.completed(20_000);
      const numbers = live.received.flatMap((e) => e.buildLog.lines.map((l) => l.lineNo));
      expect(numbers).toEqual(Array.from({ length: probes + 2000 }, (_, i) => i + 1));
      expect(live.received.at(-1)!.buildLog.status).toBe('FAILURE');
    } finally {
      await live.close();
    }
  },
);
