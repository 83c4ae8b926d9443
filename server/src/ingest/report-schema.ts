// The one schema for `POST /api/v1/logs/report` (seed 000, the ingestion contract).
import { z } from 'zod';
import { Level, Source } from '../generated/prisma/enums.ts';

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
    .pipe(z.enum(allowed, { error: (iss) => `must be one of ${allowed.join(', ')}, got "${String(iss.input)}"` }));
}

export const levelSchema = looseEnum(Level, (s) => s.trim().toUpperCase());
export const sourceSchema = looseEnum(Source, (s) => s.trim().toLowerCase());

// ISO 8601 date-time; a space for the "T" (Python's str(datetime)) and a missing zone (read
// as UTC) are accepted, because that is what real clients send.
const ISO_DATETIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export const timestampSchema = z.string().transform((s, ctx) => {
  const m = ISO_DATETIME.exec(s.trim());
  const date = m ? new Date(`${m[1]}T${m[2]!.replace(',', '.')}${normaliseZone(m[3])}`) : null;
  if (!date || Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `must be an ISO 8601 date-time such as 2026-01-30T10:30:00Z, got "${s}"` });
    return z.NEVER;
  }
  return date;
});

function normaliseZone(zone: string | undefined): string {
  if (!zone || zone.toUpperCase() === 'Z') return 'Z';
  return zone.length === 3 ? `${zone}:00` : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
}

const optionalText = (max: number) => z.string().max(max).nullish();

export const reportSchema = z.object({
  project_id: projectIdSchema.describe('Project key, e.g. `rtc_backend`. The first report of an unknown id creates the project.'),
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
  timestamp: timestampSchema
    .nullish()
    .meta({
      description:
        'ISO 8601; no zone means UTC. Absent, or more than a minute ahead of the server clock: the server time is used.',
      examples: ['2026-01-30T10:30:00Z'],
    }),
  version: optionalText(200).describe('Application version.'),
  commit_hash: optionalText(200).describe('Git commit hash.'),
  repo_url: optionalText(2048).describe("Fills the project's `repo_url` while that is empty."),
  error: z.object({
    type: z.string().trim().min(1, 'must not be empty').max(512).describe('Exception type, e.g. `ValueError`.'),
    message: z.string().describe('Error message; the issue shows the latest.'),
    file_path: optionalText(2048).describe('File of the failing frame (runtime fingerprint).'),
    line_number: z.number().int().min(0).max(2_147_483_647).nullish().describe('Line of the failing frame (runtime fingerprint).'),
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
