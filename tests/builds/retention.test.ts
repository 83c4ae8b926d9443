// BUILD_LOG_RETENTION_DAYS drops whole days: the partition of a day past it goes, with the
// builds whose lines it held; newer days stay.
import { expect } from 'vitest';
import { test } from '../testkit/test.ts';
import { get } from '../helpers/http.ts';
import { buildLogUpkeep } from '../../server/src/builds/upkeep.ts';
import { dayOf, partitionName } from '../../server/src/builds/store.ts';
import { createLogger } from '../../server/src/log.ts';

const DAY_MS = 86_400_000;

test('drops the partitions older than the retention with their builds, and keeps the rest', async ({
  server,
  seed,
}) => {
  const { prisma } = server.app.db;
  const { store } = server.app.core.builds;
  const partitions = async () =>
    (
      await prisma.$queryRawUnsafe<{ name: string }[]>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'build_log_lines'::regclass`,
      )
    ).map((p) => p.name);

  const recent = seed.project('builds_retention').build();
  await recent.append({ message: 'recent line' });
  // A build of 40 days ago, as a server running then would have written it.
  const old = dayOf(Date.now() - 40 * DAY_MS);
  await store.ensurePartition(old);
  const oldBuild = await prisma.build.create({
    data: { projectId: recent.projectId, pipeline: 'old', number: '1', day: new Date(`${old}T00:00:00Z`) },
  });
  await prisma.$executeRawUnsafe(
    `INSERT INTO build_log_lines (build_id, execute_count, line_no, day, "timestamp", log_type, message)
     VALUES ($1, 1, 1, $2::date, now(), 'LOG', 'old line')`,
    oldBuild.id,
    old,
  );
  expect(await partitions()).toContain(partitionName(old));

  await buildLogUpkeep(store, 30, createLogger('silent'));
  const left = await partitions();
  expect(left).not.toContain(partitionName(old));
  // Today's and tomorrow's stay (tomorrow's is made ahead).
  expect(left).toEqual(
    expect.arrayContaining([partitionName(dayOf(Date.now())), partitionName(dayOf(Date.now() + DAY_MS))]),
  );
  expect(await prisma.build.findUnique({ where: { id: oldBuild.id } })).toBeNull();
  expect((await get(server.url, `${recent.path}/logs`)).body.lines).toMatchObject([{ message: 'recent line' }]);
});
