// The one schema of each build-log input and answer (seed 003's LogMessage, LogStatusEvent and
// QueryLogs, as REST takes and gives them).
import { z } from 'zod';
import { BuildLogType, BuildStatus } from '../generated/prisma/enums.ts';
import { projectIdSchema, timestampSchema } from '../ingest/report-schema.ts';

/** Lines of one batch, and bytes of one line's message (longer ones are cut with a marker). */
export const MAX_BATCH_LINES = 10_000;
export const MAX_LINE_BYTES = 64 * 1024;
/** Retries of one build that are numbered apart. */
const MAX_EXECUTE_COUNT = 10_000;

const label = (what: string) =>
  z
    .string()
    .max(200)
    .nullish()
    .meta({ description: `${what}; absent or null for none` });

export const executeCountSchema = z
  .int()
  .min(1)
  .max(MAX_EXECUTE_COUNT)
  .meta({ description: 'Execute count: which run of the build (1, or more for retries)' });

const logTypeSchema = z.enum(BuildLogType);

/** What one line may say; a batch's top-level fields are defaults for its lines. */
const lineFields = {
  timestamp: z
    .union([z.number().int().min(0).max(8.64e15), timestampSchema])
    .optional()
    .meta({ description: 'Milliseconds since the epoch or ISO 8601; the time of receipt when absent' }),
  tag: label('The step (the seed’s tag, usually the plugin or element id)'),
  subTag: label('A sub-task of the step'),
  jobId: label('The job (container) the line comes from'),
  logType: logTypeSchema.nullish().meta({ description: '`LOG` when absent' }),
  executeCount: executeCountSchema.nullish().meta({ description: '1 when absent' }),
};

export const lineSchema = z.object({
  message: z.string().meta({ description: 'The line as printed, ANSI escapes kept' }),
  ...lineFields,
});
export type LineInput = z.output<typeof lineSchema>;

export const appendSchema = z
  .object({
    message: lineSchema.shape.message.optional(),
    lines: z
      .array(lineSchema)
      .min(1)
      .max(MAX_BATCH_LINES)
      .optional()
      .meta({ description: `Up to ${MAX_BATCH_LINES} lines, stored whole or not at all` }),
    ...lineFields,
  })
  .superRefine((body, ctx) => {
    if ((body.message === undefined) === (body.lines === undefined))
      ctx.addIssue({
        code: 'custom',
        path: body.lines === undefined ? ['message'] : ['lines'],
        message:
          body.lines === undefined
            ? 'is required (or send "lines")'
            : 'cannot come with "message": send one or the other',
      });
  })
  .meta({
    description:
      'One line (`message` and its fields), or a batch in `lines`, whose top-level fields are defaults for each line.',
  });
export type AppendInput = z.output<typeof appendSchema>;

export const statusSchema = z.object({
  tag: label('The step; absent for the whole build'),
  subTag: label('Accepted as the seed sends it; steps are kept by tag'),
  jobId: label('Accepted as the seed sends it; steps are kept by tag'),
  executeCount: executeCountSchema.nullish(),
  finished: z.boolean().meta({ description: 'true: the step or build ended (with `result`); false: it started' }),
  result: z
    .enum(['success', 'failure', 'cancelled'])
    .nullish()
    .meta({ description: 'How it ended; `success` when absent' }),
});
export type StatusInput = z.output<typeof statusSchema>;

export const buildParams = z.object({
  project_id: projectIdSchema,
  pipeline: z.string().min(1).max(200).meta({ description: 'The pipeline’s name, URL-encoded (spaces, Unicode)' }),
  build: z.string().min(1).max(100).meta({ description: 'The run number or id, e.g. `24`', example: '24' }),
});

const text = z.string().min(1).max(200).optional();
const lineNo = z.coerce
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);

export const lineFilterQuery = z.object({
  tag: text,
  subTag: text,
  jobId: text,
  executeCount: z.coerce.number().pipe(executeCountSchema).optional().meta({ description: 'The newest when absent' }),
});

export const MAX_PAGE = 10_000;
export const pageQuery = lineFilterQuery.extend({
  start: lineNo.optional().meta({ description: 'First line number of the range; 1 when absent' }),
  end: lineNo.optional().meta({ description: 'Last line number of the range; the last line when absent' }),
  num: z.coerce.number().int().min(1).max(MAX_PAGE).default(1000).meta({ description: 'Lines at most' }),
  fromStart: z
    .stringbool()
    .default(true)
    .meta({ description: 'true: the first `num` lines of the range; false: the last `num`' }),
});

export const downloadQuery = lineFilterQuery.extend({
  ansi: z.enum(['keep', 'strip']).default('keep').meta({ description: '`strip` removes colour and cursor escapes' }),
});

export const lineJson = z.object({
  lineNo: z.int(),
  timestamp: z.int().meta({ description: 'Milliseconds since the epoch' }),
  message: z.string(),
  tag: z.string().nullable(),
  subTag: z.string().nullable(),
  jobId: z.string().nullable(),
  logType: logTypeSchema,
  executeCount: z.int(),
});

export const stepJson = z.object({
  tag: z.string(),
  executeCount: z.int(),
  status: z.enum(BuildStatus),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  lineCount: z.int(),
  firstLineNo: z.int().nullable(),
  lastLineNo: z.int().nullable(),
});

export const buildJson = z.object({
  projectId: z.string(),
  pipeline: z.string(),
  build: z.string(),
  status: z.enum(BuildStatus),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  executeCount: z.int().meta({ description: 'The newest execute count' }),
  lineCount: z.int().meta({ description: 'Lines of the newest execution' }),
  steps: z.array(stepJson).meta({ description: 'The steps of the newest execution, in order of their first line' }),
});

export const pageJson = z.object({
  lines: z.array(lineJson),
  hasMore: z.boolean().meta({ description: 'The range holds more lines than were sent, in the direction read' }),
  finished: z.boolean().meta({ description: 'The step (with `tag`) or the build has ended' }),
  status: z.enum(BuildStatus),
  executeCount: z.int(),
  lineCount: z.int().meta({ description: 'Lines of the execution so far' }),
});

export const appendedJson = z.object({
  accepted: z.int(),
  firstLineNo: z.int(),
  lastLineNo: z.int(),
});
