// Counts over time for charts: an issue's occurrence histogram, and new issues,
// regressions and occurrences per bucket, by source and by project.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Source } from '../generated/prisma/enums.ts';
import { ValidationError } from '../errors.ts';
import { REGRESSION_REASON } from './transition-details.ts';

export type Bucket = 'HOUR' | 'DAY';
const BUCKET_MS: Record<Bucket, number> = { HOUR: 3_600_000, DAY: 86_400_000 };
const MAX_BUCKETS = 2000;

export type Range = { bucket: Bucket; from: Date; to: Date };

const DEFAULT_BUCKETS: Record<Bucket, number> = { HOUR: 48, DAY: 30 };

/**
 * The range asked for, or else the last 48 hours / 30 days, the current one included;
 * refused when it would make too many buckets.
 */
export function resolveRange(bucket: Bucket, from?: Date | null, to?: Date | null): Range {
  const size = BUCKET_MS[bucket];
  const end = to ?? new Date();
  const start = from ?? new Date((Math.floor(end.getTime() / size) - DEFAULT_BUCKETS[bucket] + 1) * size);
  if (start >= end) throw new ValidationError([{ path: 'from', reason: 'must be before to' }]);
  if ((end.getTime() - start.getTime()) / BUCKET_MS[bucket] > MAX_BUCKETS) {
    throw new ValidationError([
      { path: 'from', reason: `range too long: at most ${MAX_BUCKETS} ${bucket.toLowerCase()}s` },
    ]);
  }
  return { bucket, from: start, to: end };
}

/** Bucket starts (UTC) covering [from, to). */
export function bucketStarts({ bucket, from, to }: Range): Date[] {
  const size = BUCKET_MS[bucket];
  const starts: Date[] = [];
  for (let t = Math.floor(from.getTime() / size) * size; t < to.getTime(); t += size) starts.push(new Date(t));
  return starts;
}

const trunc = (b: Bucket) => (b === 'HOUR' ? 'hour' : 'day');

export async function occurrenceHistogram(prisma: PrismaClient, issueId: number, range: Range) {
  const rows = await prisma.$queryRawUnsafe<{ start: Date; count: number }[]>(
    `SELECT date_trunc($2, "timestamp", 'UTC') AS start, count(*)::int AS count
     FROM occurrences WHERE issue_id = $1 AND "timestamp" >= $3 AND "timestamp" < $4
     GROUP BY 1`,
    issueId,
    trunc(range.bucket),
    range.from,
    range.to,
  );
  const counts = new Map(rows.map((r) => [r.start.getTime(), r.count]));
  return bucketStarts(range).map((start) => ({ start, count: counts.get(start.getTime()) ?? 0 }));
}

const HOUR_MS = BUCKET_MS.HOUR;

/** The whole UTC hours inside the range, as [start, end); empty (both `to`) when there are none. */
export function wholeHours({ from, to }: Range): [Date, Date] {
  const start = Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS;
  const end = Math.floor(to.getTime() / HOUR_MS) * HOUR_MS;
  return start < end ? [new Date(start), new Date(end)] : [to, to];
}

export type Counts = { newIssues: number; regressions: number; occurrences: number };
const zero = (): Counts => ({ newIssues: 0, regressions: 0, occurrences: 0 });

type Row = { start: Date; source: Source; project_id: string; n: number };

export type Stats = Range & {
  totals: Counts;
  series: (Counts & { start: Date })[];
  bySource: (Counts & { source: Source })[];
  byProject: (Counts & { projectId: string })[];
};

export async function issueStats(prisma: PrismaClient, range: Range, projectIds?: string[] | null): Promise<Stats> {
  const args = [trunc(range.bucket), range.from, range.to, projectIds?.length ? projectIds : null] as const;
  const [created, regressed, occurred] = await Promise.all([
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT date_trunc($1, first_seen, 'UTC') AS start, source, project_id, count(*)::int AS n
       FROM issues WHERE first_seen >= $2 AND first_seen < $3 AND ($4::text[] IS NULL OR project_id = ANY($4))
       GROUP BY 1, 2, 3`,
      ...args,
    ),
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT date_trunc($1, t.created_at, 'UTC') AS start, i.source, i.project_id, count(*)::int AS n
       FROM status_transitions t JOIN issues i ON i.id = t.issue_id
       WHERE t.created_at >= $2 AND t.created_at < $3 AND t.details->>'reason' = $5
         AND ($4::text[] IS NULL OR i.project_id = ANY($4))
       GROUP BY 1, 2, 3`,
      ...args,
      REGRESSION_REASON,
    ),
    // Whole hours from the hourly rollups; the part-hours at either end from the occurrences.
    prisma.$queryRawUnsafe<Row[]>(
      `SELECT date_trunc($1, hour, 'UTC') AS start, source, project_id, sum(count)::int AS n
       FROM occurrence_rollups WHERE hour >= $5 AND hour < $6 AND ($4::text[] IS NULL OR project_id = ANY($4))
       GROUP BY 1, 2, 3
       UNION ALL
       SELECT date_trunc($1, "timestamp", 'UTC'), source, project_id, count(*)::int
       FROM occurrences
       WHERE (("timestamp" >= $2 AND "timestamp" < $5) OR ("timestamp" >= $6 AND "timestamp" < $3))
         AND ($4::text[] IS NULL OR project_id = ANY($4))
       GROUP BY 1, 2, 3`,
      ...args,
      ...wholeHours(range),
    ),
  ]);

  const totals = zero();
  const series = new Map(bucketStarts(range).map((start) => [start.getTime(), { start, ...zero() }]));
  const bySource = new Map<Source, Counts & { source: Source }>();
  const byProject = new Map<string, Counts & { projectId: string }>();
  const add = (rows: Row[], field: keyof Counts) => {
    for (const r of rows) {
      totals[field] += r.n;
      const bucket = series.get(r.start.getTime());
      if (bucket) bucket[field] += r.n;
      if (!bySource.has(r.source)) bySource.set(r.source, { source: r.source, ...zero() });
      bySource.get(r.source)![field] += r.n;
      if (!byProject.has(r.project_id)) byProject.set(r.project_id, { projectId: r.project_id, ...zero() });
      byProject.get(r.project_id)![field] += r.n;
    }
  };
  add(created, 'newIssues');
  add(regressed, 'regressions');
  add(occurred, 'occurrences');
  const busiest = (a: Counts, b: Counts) => b.occurrences - a.occurrences || b.newIssues - a.newIssues;
  return {
    ...range,
    totals,
    series: [...series.values()],
    bySource: [...bySource.values()].sort(busiest),
    byProject: [...byProject.values()].sort(busiest),
  };
}
