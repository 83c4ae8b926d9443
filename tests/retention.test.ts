// Old occurrences are pruned in the background in small batches; issues, their counts and
// the statistics behind the charts stay consistent with what is kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.ts';
import { report } from './helpers/http.ts';
import { runtimeReport } from './helpers/fixtures.ts';
import { pruneOccurrences, retentionCutoff } from '../server/src/issues/retention.ts';
import type { SqlClient } from '../server/src/db/client.ts';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

async function send(s: TestServer, project: string, line: number, timestamp: string, times: number) {
  let id = 0;
  for (let i = 0; i < times; i++) {
    const res = await report(s.url, runtimeReport({ project_id: project, timestamp }, { line_number: line }));
    expect(res.status, res.text).toBe(200);
    id = res.body.id;
  }
  return id;
}

async function consistency(s: TestServer, project: string) {
  const p = s.app.db.prisma;
  const [occurrences, rollups] = await Promise.all([
    p.occurrence.count({ where: { issue: { projectId: project } } }),
    p.occurrenceRollup.aggregate({ where: { projectId: project }, _sum: { count: true } }),
  ]);
  return { occurrences, rolledUp: rollups._sum.count ?? 0 };
}

describe('retention in the background', () => {
  let s: TestServer;
  // Occurrences that grew old since they were stored: written by a replica without retention
  // (one with it stores reports dated before it at their time of receipt).
  let writer: TestServer;
  beforeAll(async () => {
    s = await startServer({
      RETENTION_DAYS: '90',
      RETENTION_BATCH: '4',
      RETENTION_PAUSE_MS: '0',
      RETENTION_INTERVAL_MS: '200',
    });
    writer = await startServer({ RETENTION_DAYS: '0' }, s.database);
  });
  afterAll(async () => {
    await writer.app.stop();
    await s.stop();
  });

  it('deletes occurrences past RETENTION_DAYS and keeps issues, counts and recent history', async () => {
    const mixed = await send(writer, 'retained', 1, daysAgo(120), 10);
    await send(writer, 'retained', 1, daysAgo(1), 3);
    const oldOnly = await send(writer, 'retained', 2, daysAgo(100), 5);
    await send(writer, 'retained', 3, daysAgo(89), 2);

    const p = s.app.db.prisma;
    for (
      let i = 0;
      i < 100 && (await p.occurrence.count({ where: { timestamp: { lt: retentionCutoff(90) } } })) > 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await p.occurrence.count({ where: { timestamp: { lt: retentionCutoff(90) } } })).toBe(0);
    expect(await consistency(s, 'retained')).toEqual({ occurrences: 5, rolledUp: 5 });
    expect(await p.occurrenceRollup.count({ where: { hour: { lt: retentionCutoff(90) } } })).toBe(0);

    const issues = await p.issue.findMany({
      where: { id: { in: [mixed, oldOnly] } },
      include: { _count: { select: { occurrences: true } } },
      orderBy: { id: 'asc' },
    });
    expect(issues.map((i) => [i.occurrenceCount, i._count.occurrences])).toEqual([
      [13, 3],
      [5, 0],
    ]);
  });
});

describe('pruneOccurrences', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ RETENTION_DAYS: '0' });
  });
  afterAll(() => s.stop());

  it('works in batches of RETENTION_BATCH and stops at the cut-off hour', async () => {
    await send(s, 'batches', 1, daysAgo(91), 11);
    await send(s, 'batches', 1, daysAgo(30), 2);
    const statements: string[] = [];
    const sql: SqlClient = {
      query: (name, text, values) => {
        statements.push(name);
        return s.app.db.sql.query(name, text, values);
      },
    };
    const deleted = await pruneOccurrences(sql, { days: 90, batchSize: 5, pauseMs: 0, intervalMs: 1000 });
    expect(deleted).toBe(11);
    expect(statements).toEqual([
      'retention_prune_occurrences',
      'retention_prune_occurrences',
      'retention_prune_occurrences',
      'retention_prune_rollups',
    ]);
    expect(await consistency(s, 'batches')).toEqual({ occurrences: 2, rolledUp: 2 });
    expect(await pruneOccurrences(sql, { days: 90, batchSize: 5, pauseMs: 0, intervalMs: 1000 })).toBe(0);
  });

  it('keeps everything with RETENTION_DAYS=0', async () => {
    await send(s, 'forever', 1, daysAgo(3000), 2);
    expect(await pruneOccurrences(s.app.db.sql, { days: 0, batchSize: 5, pauseMs: 0, intervalMs: 1000 })).toBe(0);
    expect((await consistency(s, 'forever')).occurrences).toBe(2);
  });
});
