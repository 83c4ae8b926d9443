// The one schema for `POST /api/v1/logs/report` (seed 000, the ingestion contract).
import { z } from 'zod';
import { Level, Source } from '../generated/prisma/enums.ts';
import { shown } from '../validation.ts';

export const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export const projectIdSchema = z
  .string()
  .regex(PROJECT_ID, 'must be 1-100 letters, digits, ".", "_" or "-", starting with a letter or digit');

/** Case-insensitive enum: `error` and `ERROR` are the same level. */
function looseEnum<const T extends Record<string, string>>(values: T, normalise: (s: string) => string) {
  const allowed = Object.values(values) as [T[keyof T], ...T[keyof T][]];
  return z
    .string()
    .transform(normalise)
    .pipe(z.enum(allowed, { error: (iss) => `must be one of ${allowed.join(', ')}, got ${shown(iss.input)}` }));
}

export const levelSchema = looseEnum(Level, (s) => s.trim().toUpperCase());
export const sourceSchema = looseEnum(Source, (s) => s.trim().toLowerCase());

// ISO 8601 date-time; a space for the "T" (Python's str(datetime)) and a missing zone (read
// as UTC) are accepted, because that is what real clients send. Every part is checked
// against the calendar: Date would read 2026-02-30 as March 2.
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function parseTimestamp(text: string): Date | null {
  const m = ISO_DATETIME.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second = 0] = m
    .slice(1, 7)
    .map((p) => (p === undefined ? undefined : Number(p))) as number[];
  const fraction = m[7] ? Number(`0.${m[7]}`) : 0;
  const zone = m[8]?.toUpperCase() ?? 'Z';
  const [zoneHours, zoneMinutes] =
    zone === 'Z' ? [0, 0] : [Number(zone.slice(1, 3)), Number(zone.slice(3).replace(':', '') || 0)];
  const valid =
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysIn(year!, month!) &&
    hour! <= 23 &&
    minute! <= 59 &&
    second <= 59 &&
    zoneHours <= 23 &&
    zoneMinutes <= 59;
  if (!valid) return null;
  const offsetMs = (zone.startsWith('-') ? -1 : 1) * (zoneHours * 60 + zoneMinutes) * 60_000;
  const utc = new Date(0);
  utc.setUTCFullYear(year!, month! - 1, day!);
  utc.setUTCHours(hour!, minute!, second, Math.floor(fraction * 1000));
  return new Date(utc.getTime() - offsetMs);
}

export const timestampSchema = z.string().transform((s, ctx) => {
  const date = parseTimestamp(s);
  if (!date) {
    ctx.addIssue({
      code: 'custom',
      message: `must be an ISO 8601 date-time such as 2026-01-30T10:30:00Z, got ${shown(s)}`,
    });
    return z.NEVER;
  }
  return date;
});

const optionalText = (max: number) => z.string().max(max).nullish();

export const reportSchema = z.object({
  project_id: projectIdSchema.describe(
    'Project key, e.g. `rtc_backend`. The first report of an unknown id creates the project.',
  ),
  environment: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200)
    .describe('`development`, `staging`, `production`; for CI the branch name.'),
  level: levelSchema.meta({ description: 'Case-insensitive.', enum: Object.values(Level) }),
  source: sourceSchema
    .nullish()
    .transform((s) => s ?? Source.runtime)
    .meta({ description: 'Decides the fingerprint. Default `runtime`.', enum: Object.values(Source) }),
  timestamp: timestampSchema.nullish().meta({
    description:
      'ISO 8601; no zone means UTC. Absent, more than a minute ahead of the server clock, or older than RETENTION_DAYS (or 1970): the server time is used, and the reported time kept in `context._reported_timestamp`.',
    examples: ['2026-01-30T10:30:00Z'],
  }),
  version: optionalText(200).describe('Application version.'),
  commit_hash: optionalText(200).describe('Git commit hash.'),
  repo_url: optionalText(2048).describe("Fills the project's `repo_url` while that is empty."),
  error: z.object({
    type: z.string().trim().min(1, 'must not be empty').max(512).describe('Exception type, e.g. `ValueError`.'),
    message: z.string().describe('Error message; the issue shows the latest.'),
    file_path: optionalText(2048).describe('File of the failing frame (runtime fingerprint).'),
    line_number: z
      .number()
      .int()
      .min(0)
      .max(2_147_483_647)
      .nullish()
      .describe('Line of the failing frame (runtime fingerprint).'),
    stack_trace: z
      .union([z.array(z.string()), z.string()], { error: 'must be an array of strings or a string' })
      .nullish()
      .describe('Lines of the stack trace or build log, or one string.'),
  }),
  context: z
    .record(z.string(), z.unknown())
    .nullish()
    .describe(
      'Anything useful. `job_name`/`step_name` (cicd) and `namespace`/`deployment_name` (deployment) are part of the fingerprint.',
    ),
});

export type ReportInput = z.input<typeof reportSchema>;
export type Report = z.output<typeof reportSchema>;
