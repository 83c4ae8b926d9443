// The build-log service that every edge (REST, the seed's print API, GraphQL) calls: takes
// lines and statuses, reads pages and whole logs, and tells live subscribers after commit.
import type { PrismaClient, Build, BuildStep } from '../generated/prisma/client.ts';
import { BuildStatus } from '../generated/prisma/enums.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { truncateText } from '../ingest/limits.ts';
import { storable } from '../db/storable.ts';
import { MAX_LINE_BYTES, type AppendInput, type LineInput, type StatusInput } from './schemas.ts';
import { createBuildStore, dayOf, type BuildKey, type BuildRef, type LineFilter, type StoredLine } from './store.ts';
import type { SqlClient } from '../db/client.ts';

/** What live subscribers of one execution hear: lines as committed, then its end. */
export type BuildLogMessage =
  { kind: 'lines'; lines: StoredLine[] } | { kind: 'finished'; status: BuildStatus; lineCount: number };

/** A build changed: new, a step or the build started or ended. */
export type BuildChangedMessage = { buildId: number; projectId: string };

export const logTopicId = (buildId: number, executeCount: number) => `${buildId}:${executeCount}`;

export type BuildWithSteps = Build & { steps: BuildStep[]; lineCount: number };

/** `find`'s row as the driver gives it: times as Date or text (JSON), the day as text. */
type Time = Date | string;
type FoundStep = Omit<BuildStep, 'buildId' | 'executeCount' | 'startedAt' | 'finishedAt'> & {
  startedAt: string;
  finishedAt: string | null;
};
type FoundRow = Omit<Build, 'startedAt' | 'finishedAt' | 'updatedAt' | 'day'> & {
  startedAt: Time;
  finishedAt: Time | null;
  updatedAt: Time;
  day: string;
  lineCount: number;
  steps: FoundStep[] | string;
};

const RESULT_STATUS = {
  success: BuildStatus.SUCCESS,
  failure: BuildStatus.FAILURE,
  cancelled: BuildStatus.CANCELLED,
} as const;

export const buildRef = (b: Build): BuildRef => ({ id: b.id, day: dayOf(b.day.getTime()) });

const keyText = (k: BuildKey) => `${k.projectId}/${k.pipeline}/${k.number}`;

// A character is at most 3 bytes in UTF-16-to-UTF-8 terms: shorter strings need no measuring.
const cut = (message: string) =>
  message.length * 3 <= MAX_LINE_BYTES ? message : truncateText(message, MAX_LINE_BYTES);

const label = (s: string | null | undefined) => (s == null || s === '' ? null : s);

/**
 * The batch's lines with the batch's defaults applied, all of one execute count. They are
 * numbered (`lineNo`) once committed: the same objects then go to live subscribers, rather
 * than a copy of every line to collect.
 */
function linesOf(input: AppendInput, receivedAt: number): { executeCount: number; lines: StoredLine[] } {
  const single = input.lines === undefined;
  const raw: LineInput[] = input.lines ?? [{ ...input, message: input.message! }];
  const executeCount = raw[0]!.executeCount ?? input.executeCount ?? 1;
  const lines = raw.map((l, i): StoredLine => {
    const count = l.executeCount ?? input.executeCount ?? 1;
    if (count !== executeCount)
      throw new ValidationError([
        {
          path: single ? 'executeCount' : `lines[${i}].executeCount`,
          reason: `is ${count}, but the batch's first line has ${executeCount}: send the lines of each execution in a batch of their own`,
        },
      ]);
    const ts = l.timestamp ?? input.timestamp;
    return {
      timestamp: ts === undefined ? receivedAt : typeof ts === 'number' ? ts : ts.getTime(),
      logType: l.logType ?? input.logType ?? 'LOG',
      tag: label(l.tag ?? input.tag),
      subTag: label(l.subTag ?? input.subTag),
      jobId: label(l.jobId ?? input.jobId),
      message: storable(cut(l.message)),
      lineNo: 0,
      executeCount,
    };
  });
  return { executeCount, lines };
}

export type Builds = ReturnType<typeof createBuilds>;

export function createBuilds(sql: SqlClient, prisma: PrismaClient, pubsub: PubSub) {
  const store = createBuildStore(sql, prisma);

  const changed = (buildId: number, projectId: string) => pubsub.publish('build:changed', { buildId, projectId });

  // Every read of a build starts here (a page, a download, a status): one statement, not three.
  async function find(key: BuildKey): Promise<BuildWithSteps | null> {
    const [row] = await sql.query<FoundRow>(
      'build_find',
      `SELECT b.id, b.project_id AS "projectId", b.pipeline, b.number, b.status, b.started_at AS "startedAt",
              b.finished_at AS "finishedAt", b.updated_at AS "updatedAt", b.day::text AS day,
              b.last_execute_count AS "lastExecuteCount", COALESCE(e.line_count, 0) AS "lineCount",
              COALESCE((SELECT json_agg(json_build_object('tag', s.tag, 'status', s.status, 'startedAt', s.started_at,
                          'finishedAt', s.finished_at, 'lineCount', s.line_count, 'firstLineNo', s.first_line_no,
                          'lastLineNo', s.last_line_no) ORDER BY s.first_line_no ASC NULLS LAST, s.started_at ASC)
                        FROM build_steps s WHERE s.build_id = b.id AND s.execute_count = b.last_execute_count), '[]') AS steps
         FROM builds b
         LEFT JOIN build_executions e ON e.build_id = b.id AND e.execute_count = b.last_execute_count
        WHERE b.project_id = $1 AND b.pipeline = $2 AND b.number = $3`,
      [key.projectId, key.pipeline, key.number],
    );
    if (!row) return null;
    const steps = (typeof row.steps === 'string' ? JSON.parse(row.steps) : row.steps) as FoundStep[];
    return {
      ...row,
      startedAt: new Date(row.startedAt),
      finishedAt: row.finishedAt === null ? null : new Date(row.finishedAt),
      updatedAt: new Date(row.updatedAt),
      day: new Date(`${row.day}T00:00:00Z`),
      steps: steps.map((st) => ({
        ...st,
        buildId: row.id,
        executeCount: row.lastExecuteCount,
        startedAt: new Date(st.startedAt),
        finishedAt: st.finishedAt === null ? null : new Date(st.finishedAt),
      })),
    };
  }

  async function get(key: BuildKey): Promise<BuildWithSteps> {
    const build = await find(key);
    if (!build) throw new NotFoundError('Build', keyText(key));
    return build;
  }

  /** The build, made now (running) if it is new. */
  async function upsert(key: BuildKey, executeCount: number) {
    const now = Date.now();
    await store.ensurePartition(dayOf(now));
    return prisma.build.upsert({
      where: { projectId_pipeline_number: key },
      create: { ...key, day: new Date(`${dayOf(now)}T00:00:00Z`), lastExecuteCount: executeCount },
      update: {},
    });
  }

  async function lineCount(buildId: number, executeCount: number) {
    const execution = await prisma.buildExecution.findUnique({
      where: { buildId_executeCount: { buildId, executeCount } },
    });
    return execution?.lineCount ?? 0;
  }

  return {
    store,
    find,
    get,

    /** Stores a batch whole; answers once it is committed. */
    async append(key: BuildKey, input: AppendInput, receivedAt = Date.now()) {
      const { executeCount, lines } = linesOf(input, receivedAt);
      const appended = await store.append(key, executeCount, lines);
      for (let i = 0; i < lines.length; i++) lines[i]!.lineNo = appended.firstLineNo + i;
      pubsub.publish('build:log', logTopicId(appended.id, executeCount), { kind: 'lines', lines });
      // The first lines of a build or of a step make it appear; later ones change only counts.
      if (appended.firstLineNo === 1) changed(appended.id, key.projectId);
      return { accepted: lines.length, firstLineNo: appended.firstLineNo, lastLineNo: appended.lastLineNo };
    },

    /** A step (with `tag`) or the build started (`finished: false`) or ended. */
    async setStatus(key: BuildKey, input: StatusInput): Promise<BuildWithSteps> {
      const existing = await prisma.build.findUnique({ where: { projectId_pipeline_number: key } });
      const executeCount = input.executeCount ?? existing?.lastExecuteCount ?? 1;
      const build = existing ?? (await upsert(key, executeCount));
      const status = input.finished ? RESULT_STATUS[input.result ?? 'success'] : BuildStatus.RUNNING;
      const finishedAt = input.finished ? new Date() : null;
      const tag = label(input.tag);
      if (tag) {
        await prisma.buildStep.upsert({
          where: { buildId_executeCount_tag: { buildId: build.id, executeCount, tag } },
          create: { buildId: build.id, executeCount, tag, status, finishedAt },
          update: { status, finishedAt },
        });
      } else {
        await prisma.$transaction([
          prisma.build.update({
            where: { id: build.id },
            data: {
              status,
              finishedAt,
              updatedAt: new Date(),
              lastExecuteCount: Math.max(build.lastExecuteCount, executeCount),
            },
          }),
          // Steps that never said they ended end with the build.
          ...(input.finished
            ? [
                prisma.buildStep.updateMany({
                  where: { buildId: build.id, executeCount, status: BuildStatus.RUNNING },
                  data: { status: status === BuildStatus.SUCCESS ? status : BuildStatus.CANCELLED, finishedAt },
                }),
              ]
            : []),
        ]);
        if (input.finished) {
          pubsub.publish('build:log', logTopicId(build.id, executeCount), {
            kind: 'finished',
            status,
            lineCount: await lineCount(build.id, executeCount),
          });
        }
      }
      changed(build.id, key.projectId);
      return get(key);
    },

    /** The build and the execution a read is about (the newest unless named). */
    async reading(key: BuildKey, executeCount: number | undefined) {
      const build = await get(key);
      const count = executeCount ?? build.lastExecuteCount;
      const steps =
        count === build.lastExecuteCount
          ? build.steps
          : await prisma.buildStep.findMany({ where: { buildId: build.id, executeCount: count } });
      const lines = count === build.lastExecuteCount ? build.lineCount : await lineCount(build.id, count);
      return { build, executeCount: count, steps, lineCount: lines };
    },

    /** Whether what `filter` selects has ended: its step with a tag, else the build. */
    finished(build: Build, steps: BuildStep[], filter: LineFilter) {
      const step = filter.tag ? steps.find((s) => s.tag === filter.tag) : undefined;
      return (step ?? build).status !== BuildStatus.RUNNING;
    },
  };
}
