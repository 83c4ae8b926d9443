// Redis stops: ingestion, queries and each replica's own subscriptions keep working; events
// between replicas pause and resume by themselves when Redis is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBinaries } from '../setup/binaries.ts';
import { startRedis, type Redis } from '../setup/servers.ts';
import { createDatabase, type TestDatabase } from '../helpers/database.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { get, report } from '../helpers/http.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { as } from '../testkit/client.ts';
import { subscribe } from '../testkit/subscription.ts';
import { IssueEventsSubscription, ProjectQuery } from '../graphql/operations.ts';

let redis: Redis;
let database: TestDatabase;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  // Its own Redis, since this test stops it.
  [redis, database] = await Promise.all([startRedis(requireBinaries().redisServer), createDatabase()]);
  const env = { REDIS_URL: redis.url, LOG_LEVEL: 'fatal' };
  [a, b] = await Promise.all([startServer(env, database), startServer(env, database)]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
  redis?.stop();
});

let probes = 0;
const probe = (via: TestServer) =>
  report(via.url, runtimeReport({ project_id: 'redis_fault' }, { type: `Probe${++probes}` }));

describe('Redis stopped', { timeout: 60_000 }, () => {
  it('leaves ingestion, queries and same-replica events working; cross-replica events resume when it returns', async () => {
    const events = subscribe(a.url, IssueEventsSubscription, { filter: { projectIds: ['redis_fault'] } });
    try {
      // Live across replicas first: a report to B reaches the subscriber on A.
      await events.ready(
        () => probe(b),
        (e) => e.issueEvents.issue.errorType.startsWith('Probe'),
      );

      redis.halt();
      const sent = await report(a.url, runtimeReport({ project_id: 'redis_fault' }, { type: 'WhileRedisIsDown' }));
      expect(sent.status).toBe(200);
      const event = await events.next((e) => e.issueEvents.issue.id === sent.body.id);
      expect(event.issueEvents).toMatchObject({ kind: 'CREATED', issue: { errorType: 'WhileRedisIsDown' } });
      expect((await report(b.url, runtimeReport({ project_id: 'redis_fault' }, { type: 'AlsoDown' }))).status).toBe(
        200,
      );
      const { project } = await as(b.url).run(ProjectQuery, { id: 'redis_fault' });
      expect(project?.id).toBe('redis_fault');
      expect((await get(a.url, '/readyz')).status).toBe(200);

      await redis.resume();
      const until = Date.now() + 30_000;
      const seen = events.received.length;
      while (!events.received.slice(seen).some((e) => e.issueEvents.issue.errorType.startsWith('Probe'))) {
        if (Date.now() > until) throw new Error('events from B never reached A after Redis came back');
        await probe(b);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await events.close();
    }
  });
});
