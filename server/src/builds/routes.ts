// Build logs over REST: CI jobs write lines and statuses (open like report ingestion, with the
// project's key when it requires one); readers with READ page, look up and download them.
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Core } from '../core.ts';
import { compiledSerializer, errorResponse, jsonResponse, SIGNED_IN, type TypedApp } from '../http/route-schemas.ts';
import { INGEST_KEY_HEADER, refuseUnlessKeyed } from '../projects/ingest-keys.ts';
import { requestViewer, requireScope } from '../auth/http.ts';
import { buildRef as buildRefOf, type BuildWithSteps } from './builds.ts';
import type { BuildKey } from './store.ts';
import { stripAnsi } from './ansi.ts';
import {
  appendedJson,
  appendSchema,
  buildJson,
  buildParams,
  downloadQuery,
  pageJson,
  pageQuery,
  statusSchema,
} from './schemas.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function buildJsonOf(b: BuildWithSteps): z.infer<typeof buildJson> {
  return {
    projectId: b.projectId,
    pipeline: b.pipeline,
    build: b.number,
    status: b.status,
    startedAt: b.startedAt.toISOString(),
    finishedAt: iso(b.finishedAt),
    executeCount: b.lastExecuteCount,
    lineCount: b.lineCount,
    steps: b.steps.map((s) => ({
      tag: s.tag,
      executeCount: s.executeCount,
      status: s.status,
      startedAt: s.startedAt.toISOString(),
      finishedAt: iso(s.finishedAt),
      lineCount: s.lineCount,
      firstLineNo: s.firstLineNo,
      lastLineNo: s.lastLineNo,
    })),
  };
}

export const writeRefusals = {
  401: errorResponse('The project requires its key in `X-Log-Center-Key`, and none was sent'),
  403: errorResponse(
    'The key sent is not an enabled key of the project, or the project is new and MAX_PROJECTS is reached',
  ),
  404: errorResponse('The project is unknown and AUTO_CREATE_PROJECTS=false'),
  429: errorResponse(
    'Over BUILD_LOG_LIMIT_PER_ADDRESS writes a minute from this address, or, for a new project, over AUTO_CREATE_PROJECTS_PER_MINUTE (see `Retry-After`)',
  ),
  503: errorResponse('The database is unavailable; nothing was stored (see `Retry-After`)'),
};

const readRefusals = {
  401: errorResponse('No API token or session, or one that is not valid'),
  403: errorResponse('The token or user lacks the `READ` scope'),
  404: errorResponse('No such build'),
};

const keyOf = (p: z.infer<typeof buildParams>): BuildKey => ({
  projectId: p.project_id,
  pipeline: p.pipeline,
  number: p.build,
});

/** Lets a CI job write to its project's builds: its key when required, the project made if new. */
export async function admitWriter(core: Core, projectId: string, req: FastifyRequest, reply: FastifyReply) {
  const key = await core.ingestKeys.check(projectId, req.headers[INGEST_KEY_HEADER] as string | undefined);
  refuseUnlessKeyed(key, projectId, 'accepts build logs');
  await core.projects.admit(projectId, null, reply);
}

const PATH = '/api/v1/builds/:project_id/:pipeline/:build';

export function registerBuildRoutes(app: TypedApp, core: Core) {
  const { builds } = core;

  app.post(
    `${PATH}/logs`,
    {
      schema: {
        tags: ['Build logs'],
        summary: 'Append log lines to a build',
        description: `One line, or up to 10,000 in \`lines\` (1 MiB in all), stored whole or not at all and numbered after the execution's last line. The build and its steps (tags) are made by their first lines. Messages over 64 KiB are cut with a marker.`,
        params: buildParams,
        body: appendSchema,
        response: {
          200: jsonResponse('Stored: the numbers the lines got', appendedJson),
          ...writeRefusals,
        },
      },
    },
    async (req, reply) => {
      const key = keyOf(req.params);
      await admitWriter(core, key.projectId, req, reply);
      return builds.append(key, req.body);
    },
  );

  app.put(
    `${PATH}/status`,
    {
      schema: {
        tags: ['Build logs'],
        summary: 'Start or end a step, or the build',
        description:
          'With `tag`: that step of the execution; without: the whole build (its running steps end with it).',
        params: buildParams,
        body: statusSchema,
        response: { 200: jsonResponse('The build as it now is', buildJson), ...writeRefusals },
      },
    },
    async (req, reply) => {
      const key = keyOf(req.params);
      await admitWriter(core, key.projectId, req, reply);
      return buildJsonOf(await builds.setStatus(key, req.body));
    },
  );

  registerBuildReadRoutes(app, core);
}

/** Reading: on the API port, and on the dashboard's, where its session cookie belongs (downloads). */
export function registerBuildReadRoutes(app: TypedApp, core: Core) {
  const { builds } = core;
  const requireReader = async (req: FastifyRequest) => requireScope(await requestViewer(core, req), 'read');

  app.get(
    PATH,
    {
      schema: {
        tags: ['Build logs'],
        summary: 'Get a build with its steps',
        security: SIGNED_IN,
        params: buildParams,
        response: { 200: jsonResponse('The build', buildJson), ...readRefusals },
      },
    },
    async (req) => {
      await requireReader(req);
      return buildJsonOf(await builds.get(keyOf(req.params)));
    },
  );

  app.get(
    `${PATH}/logs`,
    {
      schema: {
        tags: ['Build logs'],
        summary: 'Read log lines by line number',
        description:
          'The lines numbered `start` to `end` (and of `tag`, `subTag`, `jobId` when given), at most `num`: the first ones with `fromStart`, else the last. Page on from the last line number received; no page scans the ones before it.',
        security: SIGNED_IN,
        params: buildParams,
        querystring: pageQuery,
        response: { 200: jsonResponse('A page of lines', pageJson), ...readRefusals },
      },
      serializerCompiler: compiledSerializer,
    },
    async (req) => {
      await requireReader(req);
      const q = req.query;
      const { build, executeCount, steps, lineCount } = await builds.reading(keyOf(req.params), q.executeCount);
      const filter = { ...q, executeCount };
      const step = q.tag ? steps.find((s) => s.tag === q.tag) : undefined;
      // A step's lines lie between its first and last: the range narrows to them.
      const start = Math.max(q.start ?? 1, step?.firstLineNo ?? 1);
      const end = Math.min(q.end ?? lineCount, step?.lastLineNo ?? lineCount);
      const page =
        (q.tag && !step) || start > end
          ? { lines: [], hasMore: false }
          : await builds.store.page(buildRefOf(build), { ...filter, start, end, num: q.num, fromStart: q.fromStart });
      return {
        lines: page.lines,
        hasMore: page.hasMore,
        finished: builds.finished(build, steps, filter),
        status: build.status,
        executeCount,
        lineCount,
      };
    },
  );

  app.get(
    `${PATH}/logs/download`,
    {
      schema: {
        tags: ['Build logs'],
        summary: 'Download a build log as text',
        description: 'Streamed, one line per line, in line-number order; `ansi=strip` removes terminal escapes.',
        security: SIGNED_IN,
        params: buildParams,
        querystring: downloadQuery,
        response: {
          200: { description: 'The log', content: { 'text/plain': { schema: z.string() } } },
          ...readRefusals,
        },
      },
    },
    async (req, reply) => {
      await requireReader(req);
      const q = req.query;
      const key = keyOf(req.params);
      const { build, executeCount } = await builds.reading(key, q.executeCount);
      const lines = builds.store.text(buildRefOf(build), { ...q, executeCount });
      async function* stripped() {
        for await (const piece of lines) yield stripAnsi(piece);
      }
      const name = `${key.projectId}-${key.pipeline}-${key.number}.log`;
      return (
        reply
          .type('text/plain; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
          )
          // The schema's string, sent as it is read rather than held whole.
          .send(Readable.from(q.ansi === 'strip' ? stripped() : lines) as unknown as string)
      );
    },
  );
}
