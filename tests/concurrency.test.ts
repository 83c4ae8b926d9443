// Concurrent first reports of one fingerprint create exactly one issue.
import { describe, expect, it } from 'vitest';
import { useServer } from './helpers/server.ts';
import { report } from './helpers/http.ts';
import { runtimeReport } from './helpers/fixtures.ts';

const server = useServer();
const prisma = () => server().app.db.prisma;

describe('concurrent reports', () => {
  it('60 parallel first reports of one fingerprint: one issue, one "Log reported", 60 occurrences', async () => {
    const body = runtimeReport({ project_id: 'race_one' }, { type: 'RaceError' });
    const responses = await Promise.all(Array.from({ length: 60 }, () => report(server().url, body)));

    expect(responses.map((r) => r.status)).toEqual(Array(60).fill(200));
    const messages = responses.map((r) => r.body.message);
    expect(messages.filter((m) => m === 'Log reported')).toHaveLength(1);
    expect(messages.filter((m) => m === 'Log deduplicated')).toHaveLength(59);
    const ids = new Set(responses.map((r) => r.body.id));
    expect(ids.size).toBe(1);

    const issues = await prisma().issue.findMany({ where: { projectId: 'race_one' } });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.occurrenceCount).toBe(60);
    expect(await prisma().occurrence.count({ where: { issueId: issues[0]!.id } })).toBe(60);
    expect(await prisma().project.count({ where: { id: 'race_one' } })).toBe(1);
  });

  it('parallel reports of 10 fingerprints in a new project: 10 issues, counts and environments add up', async () => {
    const bodies = Array.from({ length: 80 }, (_, i) =>
      runtimeReport({ project_id: 'race_many', environment: `env${i % 3}` }, { line_number: i % 10 }),
    );
    const responses = await Promise.all(bodies.map((b) => report(server().url, b)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.filter((r) => r.body.message === 'Log reported')).toHaveLength(10);

    const issues = await prisma().issue.findMany({ where: { projectId: 'race_many' }, orderBy: { id: 'asc' } });
    expect(issues).toHaveLength(10);
    expect(issues.map((i) => i.occurrenceCount).sort()).toEqual(Array(10).fill(8));
    // Reports i, i+10, … of one fingerprint cycle through all three environments.
    for (const issue of issues) expect(issue.environments).toEqual(['env0', 'env1', 'env2']);
    // The hourly rollup, written by the same concurrent batches, counts each report once.
    const rollup = await prisma().occurrenceRollup.aggregate({
      where: { projectId: 'race_many' },
      _sum: { count: true },
    });
    expect(rollup._sum.count).toBe(80);
  });

  it('parallel reports against an issue being fixed: exactly one regression', async () => {
    const body = runtimeReport({ project_id: 'race_regression' });
    const { body: created } = await report(server().url, body);
    await prisma().issue.update({ where: { id: created.id }, data: { status: 'FIXED' } });

    const responses = await Promise.all(Array.from({ length: 30 }, () => report(server().url, body)));
    const messages = responses.map((r) => r.body.message);
    expect(messages.filter((m) => m === 'Regression detected, reopened')).toHaveLength(1);
    expect(messages.filter((m) => m === 'Log deduplicated')).toHaveLength(29);
    const issue = await prisma().issue.findUniqueOrThrow({ where: { id: created.id }, include: { transitions: true } });
    expect(issue).toMatchObject({ status: 'NEW', regressionCount: 1, occurrenceCount: 31 });
    expect(issue.transitions).toHaveLength(1);
  });
});
