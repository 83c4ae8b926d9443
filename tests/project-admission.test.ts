// Reports create unknown projects, within bounds: a number a minute across the installation,
// a total, or not at all. Reports for existing projects are never held back by them.
import { describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.ts';
import { put, report } from './helpers/http.ts';
import { runtimeReport } from './helpers/fixtures.ts';

async function withServer(env: Record<string, string>, run: (s: TestServer) => Promise<void>) {
  const server = await startServer(env);
  try {
    await run(server);
  } finally {
    await server.stop();
  }
}

const counts = async (s: TestServer) => ({
  projects: await s.app.core.prisma.project.count(),
  occurrences: await s.app.core.prisma.occurrence.count(),
});

describe('projects created by reports', () => {
  it('are limited per minute: beyond it 429 with Retry-After and nothing stored; known projects go on', async () => {
    await withServer({ AUTO_CREATE_PROJECTS_PER_MINUTE: '5' }, async (s) => {
      expect((await report(s.url, runtimeReport({ project_id: 'known' }))).status).toBe(200);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => report(s.url, runtimeReport({ project_id: `flood_${i}` }))),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((st) => st === 200)).toHaveLength(4); // `known` took one of the five
      const refused = answers.filter((a) => a.status === 429);
      expect(refused).toHaveLength(16);
      expect(refused[0]!.body).toMatchObject({
        error: 'project_creation_limited',
        message: expect.stringContaining('AUTO_CREATE_PROJECTS_PER_MINUTE'),
      });
      expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await counts(s)).toEqual({ projects: 5, occurrences: 5 });
      // Existing projects are not limited, however many reports they send.
      const known = await Promise.all(
        Array.from({ length: 30 }, () => report(s.url, runtimeReport({ project_id: 'known' }))),
      );
      expect(known.every((a) => a.status === 200)).toBe(true);
    });
  });

  it('count a project once, however many of its first reports arrive together', async () => {
    await withServer({ AUTO_CREATE_PROJECTS_PER_MINUTE: '5' }, async (s) => {
      const burst = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          report(s.url, runtimeReport({ project_id: 'burst' }, { line_number: i + 1 })),
        ),
      );
      expect(burst.map((a) => a.status)).toEqual(Array(100).fill(200));
      // The burst made one project, so four more fit in the minute, and the fifth does not.
      const next = [];
      for (const id of ['n1', 'n2', 'n3', 'n4', 'n5'])
        next.push((await report(s.url, runtimeReport({ project_id: id }))).status);
      expect(next).toEqual([200, 200, 200, 200, 429]);
      expect(await counts(s)).toEqual({ projects: 5, occurrences: 104 });
    });
  });

  it('stop at MAX_PROJECTS with 403, exactly, even when many arrive at once', async () => {
    await withServer({ MAX_PROJECTS: '3' }, async (s) => {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => report(s.url, runtimeReport({ project_id: `many_${i}` }))),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
      const refused = answers.filter((a) => a.status === 403);
      expect(refused).toHaveLength(9);
      expect(refused[0]!.body).toMatchObject({
        error: 'project_limit',
        message: expect.stringContaining('MAX_PROJECTS'),
      });
      expect(await counts(s)).toEqual({ projects: 3, occurrences: 3 });
      const stored = answers.find((a) => a.status === 200)!;
      const again = await report(
        s.url,
        runtimeReport({ project_id: (await s.app.core.prisma.project.findFirstOrThrow()).id }),
      );
      expect([stored.status, again.status]).toEqual([200, 200]);
    });
  });

  it('are refused with 404 when AUTO_CREATE_PROJECTS=false, until an admin registers the project', async () => {
    await withServer({ AUTO_CREATE_PROJECTS: 'false' }, async (s) => {
      const refused = await report(s.url, runtimeReport({ project_id: 'unregistered' }));
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({
        error: 'unknown_project',
        message: expect.stringContaining('AUTO_CREATE_PROJECTS=false'),
      });
      expect(await counts(s)).toEqual({ projects: 0, occurrences: 0 });
      expect((await put(s.url, '/api/v1/projects/unregistered', { name: 'Registered' })).status).toBe(201);
      expect((await report(s.url, runtimeReport({ project_id: 'unregistered' }))).status).toBe(200);
    });
  });
});
