// The seed's own print API (BK-CI's BuildLogPrintResource), for agents and plugins written
// against it: the build named by headers, LogMessage bodies, answered with its Result shape.
// The same store and rules as /api/v1/builds/… (routes.ts).
import { z } from 'zod';
import type { Core } from '../core.ts';
import { jsonResponse, type TypedApp } from '../http/route-schemas.ts';
import { projectIdSchema } from '../ingest/report-schema.ts';
import { admitWriter, writeRefusals } from './routes.ts';
import { buildParams, lineSchema, MAX_BATCH_LINES, statusSchema } from './schemas.ts';
import type { BuildKey } from './store.ts';

// Loose: the route's other headers (its key, its credential) stay on the request.
const headers = z.looseObject({
  'x-devops-project-id': projectIdSchema,
  'x-devops-pipeline-id': buildParams.shape.pipeline,
  'x-devops-build-id': buildParams.shape.build,
});

/** The seed's Result<Boolean>. */
const resultJson = z.object({ status: z.literal(0), data: z.literal(true), message: z.null() });
const OK = { status: 0, data: true, message: null } as const;

const keyOf = (h: z.infer<typeof headers>): BuildKey => ({
  projectId: h['x-devops-project-id'],
  // Header values are bytes: a Unicode pipeline name arrives URL-encoded, or as UTF-8 read as Latin-1.
  pipeline: decodeHeader(h['x-devops-pipeline-id']),
  number: decodeHeader(h['x-devops-build-id']),
});

function decodeHeader(value: string): string {
  try {
    if (value.includes('%')) return decodeURIComponent(value);
  } catch {
    return value;
  }
  // Node reads header bytes as Latin-1: bytes ≥ 0x80 that make valid UTF-8 were UTF-8.
  if (!/[\u0080-\u00ff]/.test(value)) return value;
  const utf8 = Buffer.from(value, 'latin1').toString('utf8');
  return utf8.includes('\uFFFD') ? value : utf8;
}

const routes = [
  { path: '', summary: 'Print one line (seed LogMessage)', body: lineSchema },
  {
    path: '/multi',
    summary: 'Print many lines (a list of seed LogMessages)',
    body: z.array(lineSchema).min(1).max(MAX_BATCH_LINES),
  },
] as const;

export function registerPrintRoutes(app: TypedApp, core: Core) {
  const schema = (summary: string) => ({
    tags: ['Build logs'],
    summary,
    description:
      'The build is named by `X-DEVOPS-PROJECT-ID`, `X-DEVOPS-PIPELINE-ID` and `X-DEVOPS-BUILD-ID`; a Unicode pipeline name is sent URL-encoded.',
    headers,
    response: { 200: jsonResponse('Stored', resultJson), ...writeRefusals },
  });

  for (const route of routes) {
    app.post(
      `/api/v1/build/logs/print${route.path}`,
      { schema: { ...schema(route.summary), body: route.body } },
      async (req, reply) => {
        const key = keyOf(req.headers);
        await admitWriter(core, key.projectId, req, reply);
        const body = req.body as z.output<typeof lineSchema> | z.output<typeof lineSchema>[];
        await core.builds.append(key, Array.isArray(body) ? { lines: body } : body);
        return OK;
      },
    );
  }

  app.post(
    '/api/v1/build/logs/print/status',
    { schema: { ...schema('Start or end a step (seed LogStatusEvent)'), body: statusSchema } },
    async (req, reply) => {
      const key = keyOf(req.headers);
      await admitWriter(core, key.projectId, req, reply);
      await core.builds.setStatus(key, req.body);
      return OK;
    },
  );
}
