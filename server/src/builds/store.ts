// Where build logs are kept. Everything that touches `build_log_lines` is here, since Prisma
// cannot describe that partitioned table: appending, paging, streaming, and the daily
// partitions with their retention. Lines are found by (build, execute count, line number)
// within the one partition of the build's day, never by OFFSET.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { BuildLogType } from '../generated/prisma/enums.ts';
import type { SqlClient } from '../db/client.ts';
import { sqlState } from '../db/errors.ts';
import { numberArray, textArray } from '../db/pg-array.ts';
import { unescapeCopyText, wholeLines } from './copy-text.ts';

/** A line as the store takes it: cut to size and made storable by the caller. */
export type NewLine = {
  /** Milliseconds since the epoch. */
  timestamp: number;
  logType: BuildLogType;
  tag: string | null;
  subTag: string | null;
  jobId: string | null;
  message: string;
};

export type StoredLine = NewLine & { lineNo: number; executeCount: number };

export type BuildKey = { projectId: string; pipeline: string; number: string };

/** Where a build's lines are: its id and the day of its partition (YYYY-MM-DD). */
export type BuildRef = { id: number; day: string };

export type Appended = BuildRef & { firstLineNo: number; lastLineNo: number };

/** The build a report came from: the one its context names (`workflow` and `run_id`), or null. */
export function reportedBuild(o: { projectId: string; context: unknown }): BuildKey | null {
  const { workflow, run_id: run } = (o.context ?? {}) as Record<string, unknown>;
  if (typeof workflow !== 'string' || (typeof run !== 'string' && typeof run !== 'number')) return null;
  return { projectId: o.projectId, pipeline: workflow, number: String(run) };
}

export type LineFilter = {
  executeCount: number;
  tag?: string | null | undefined;
  subTag?: string | null | undefined;
  jobId?: string | null | undefined;
};

export type PageQuery = LineFilter & {
  /** Lines numbered from `start` to `end`, both included. */
  start: number;
  end: number;
  num: number;
  /** From `start` onwards, or (false) the last `num` before `end`. */
  fromStart: boolean;
};

const NO_PARTITION = '23514';
// Serialises partition creation across replicas; only taken when a day's partition is made.
const PARTITION_LOCK = 7482913;
const DAY_MS = 86_400_000;

export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const partitionName = (day: string) => `build_log_lines_${day.replaceAll('-', '')}`;

// The columns of a line as `StoredLine` has them, the time as epoch milliseconds: rows come
// back ready to send, with no date to parse and no object to copy per line.
const LINE_COLUMNS = `line_no AS "lineNo", (extract(epoch FROM "timestamp") * 1000)::float8 AS "timestamp",
  log_type AS "logType", tag, sub_tag AS "subTag", job_id AS "jobId", message, execute_count AS "executeCount"`;
/** Which lines a filter selects, with `value(i)` for its i-th value (of `filterValues`). */
const filterSql = (value: (i: number) => string) => `build_id = ${value(1)} AND day = ${value(2)}::date
  AND execute_count = ${value(3)} AND (${value(4)}::text IS NULL OR tag = ${value(4)})
  AND (${value(5)}::text IS NULL OR sub_tag = ${value(5)}) AND (${value(6)}::text IS NULL OR job_id = ${value(6)})`;
const FILTERS = filterSql((i) => `$${i}`);

const filterValues = (build: BuildRef, f: LineFilter) => [
  build.id,
  build.day,
  f.executeCount,
  f.tag ?? null,
  f.subTag ?? null,
  f.jobId ?? null,
];

/**
 * A column once, when every line of the batch has the same value, or else each line's
 * (the append routine takes either: prisma/routines/build_log_append.sql).
 */
function column<K extends keyof NewLine>(lines: NewLine[], key: K): [NewLine[K] | null, NewLine[K][] | null] {
  const first = lines[0]![key];
  for (const l of lines) if (l[key] !== first) return [null, lines.map((line) => line[key])];
  return [first, null];
}

export type BuildStore = ReturnType<typeof createBuildStore>;

export function createBuildStore(sql: SqlClient, prisma: PrismaClient) {
  const made = new Set<string>();

  /** Makes the partition of `day` unless it exists. */
  async function ensurePartition(day: string) {
    if (made.has(day)) return;
    const next = dayOf(Date.parse(day) + DAY_MS);
    // A DO block is one statement, so the lock is held until the table is made.
    await prisma.$executeRawUnsafe(`DO $$ BEGIN
      PERFORM pg_advisory_xact_lock(${PARTITION_LOCK});
      CREATE TABLE IF NOT EXISTS ${partitionName(day)} PARTITION OF build_log_lines
        FOR VALUES FROM ('${day}') TO ('${next}');
    END $$`);
    made.add(day);
  }

  const appendOnce = async (key: BuildKey, executeCount: number, lines: NewLine[]) => {
    const [timestamp, timestamps] = column(lines, 'timestamp');
    const [logType, logTypes] = column(lines, 'logType');
    const [tag, tags] = column(lines, 'tag');
    const [subTag, subTags] = column(lines, 'subTag');
    const [jobId, jobIds] = column(lines, 'jobId');
    const [row] = await sql.query<{
      build_id: number;
      day: Date | string;
      first_line_no: number;
      last_line_no: number;
    }>(
      'build_append',
      `SELECT * FROM logcenter_build_append_v3($1, $2, $3, $4, $5::float8, $6::float8[], $7::"BuildLogType",
         $8::"BuildLogType"[], $9, $10::text[], $11, $12::text[], $13, $14::text[], $15::text[])`,
      [
        key.projectId,
        key.pipeline,
        key.number,
        executeCount,
        timestamp,
        timestamps && numberArray(timestamps),
        logType,
        logTypes && textArray(logTypes),
        tag,
        tags && textArray(tags),
        subTag,
        subTags && textArray(subTags),
        jobId,
        jobIds && textArray(jobIds),
        textArray(lines.map((l) => l.message)),
      ],
    );
    return {
      id: row!.build_id,
      day: typeof row!.day === 'string' ? row!.day : dayOf(row!.day.getTime()),
      firstLineNo: row!.first_line_no,
      lastLineNo: row!.last_line_no,
    };
  };

  return {
    ensurePartition,

    /** Makes today's and tomorrow's partitions, so that a new build rarely waits for one. */
    async prepare(now = Date.now()) {
      await ensurePartition(dayOf(now));
      await ensurePartition(dayOf(now + DAY_MS));
    },

    /** Stores the lines of one execution whole, numbered after its last; the build is made if new. */
    async append(key: BuildKey, executeCount: number, lines: NewLine[]): Promise<Appended> {
      try {
        return await appendOnce(key, executeCount, lines);
      } catch (err) {
        // The first build of a day no partition was made ahead for (the server was down at midnight).
        if (sqlState(err) !== NO_PARTITION) throw err;
        made.clear();
        await ensurePartition(dayOf(Date.now()));
        return appendOnce(key, executeCount, lines);
      }
    },

    /** Up to `num` lines of the range, and whether the range holds more beyond them. */
    async page(build: BuildRef, q: PageQuery): Promise<{ lines: StoredLine[]; hasMore: boolean }> {
      const asc = q.fromStart;
      const rows = await sql.query<StoredLine>(
        asc ? 'build_page_asc' : 'build_page_desc',
        `SELECT ${LINE_COLUMNS} FROM build_log_lines WHERE ${FILTERS} AND line_no BETWEEN $7 AND $8
         ORDER BY line_no ${asc ? 'ASC' : 'DESC'} LIMIT $9`,
        [...filterValues(build, q), q.start, q.end, q.num + 1],
      );
      const hasMore = rows.length > q.num;
      const kept = rows.slice(0, q.num);
      if (!asc) kept.reverse();
      return { lines: kept, hasMore };
    },

    /**
     * The text of every line that matches, in order, one line per line, as UTF-8 in pieces that
     * end at a line's end: memory stays flat for any log. With PostgreSQL, the bytes COPY
     * writes (nothing decoded into strings and encoded again); otherwise `pageSize` lines at a
     * time, the next page read while this one is sent.
     */
    async *text(build: BuildRef, f: LineFilter, pageSize = 20_000): AsyncGenerator<Buffer> {
      if (sql.copyOut) {
        const values = filterValues(build, f);
        const copy = await sql.copyOut(
          (literal) =>
            `COPY (SELECT message FROM build_log_lines WHERE ${filterSql((i) => literal(values[i - 1]!))}
             ORDER BY line_no) TO STDOUT`,
        );
        for await (const lines of wholeLines(copy)) yield unescapeCopyText(lines);
        return;
      }
      const read = (after: number) => {
        const rows = sql.query<{ lineNo: number; message: string }>(
          'build_stream',
          `SELECT line_no AS "lineNo", message FROM build_log_lines WHERE ${FILTERS} AND line_no > $7
           ORDER BY line_no LIMIT $8`,
          [...filterValues(build, f), after, pageSize],
        );
        // A reader that stops early leaves the read ahead unawaited: its failure is not news.
        rows.catch(() => undefined);
        return rows;
      };
      let rows = await read(0);
      while (rows.length > 0) {
        const ahead = rows.length === pageSize ? read(rows.at(-1)!.lineNo) : null;
        yield Buffer.from(rows.map((r) => r.message).join('\n') + '\n');
        if (!ahead) return;
        rows = await ahead;
      }
    },

    /** The first line after `after` (or before it, backwards) whose text contains `text`, ignoring case. */
    async search(build: BuildRef, f: LineFilter, text: string, after: number, backwards: boolean) {
      const [row] = await sql.query<{ lineNo: number }>(
        backwards ? 'build_search_back' : 'build_search',
        `SELECT line_no AS "lineNo" FROM build_log_lines WHERE ${FILTERS}
           AND line_no ${backwards ? '<' : '>'} $7 AND strpos(lower(message), lower($8)) > 0
         ORDER BY line_no ${backwards ? 'DESC' : 'ASC'} LIMIT 1`,
        [...filterValues(build, f), after, text],
      );
      return row?.lineNo ?? null;
    },

    /**
     * Drops the partitions of the days before `days` ago, with their builds; returns the days
     * dropped. Each day goes in one transaction: its builds and their lines together.
     */
    async dropExpired(days: number, now = Date.now()): Promise<string[]> {
      const cutoff = dayOf(now - days * DAY_MS);
      const partitions = await prisma.$queryRawUnsafe<{ name: string }[]>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'build_log_lines'::regclass ORDER BY 1`,
      );
      const dropped: string[] = [];
      for (const { name } of partitions) {
        const match = /^build_log_lines_(\d{4})(\d{2})(\d{2})$/.exec(name);
        if (!match) continue;
        const day = `${match[1]}-${match[2]}-${match[3]}`;
        if (day >= cutoff) continue;
        await prisma.$transaction([
          prisma.build.deleteMany({ where: { day: new Date(`${day}T00:00:00Z`) } }),
          prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS ${name}`),
        ]);
        made.delete(day);
        dropped.push(day);
      }
      return dropped;
    },
  };
}
