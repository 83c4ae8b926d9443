// The part of Sentry's web API (/api/0/) that sentry-cli's release commands call, so that a
// team's `sentry-cli releases …` steps work with `--url` pointing here and a Log Center API
// token as the auth token. Errors answer Sentry's `{detail}`, which sentry-cli prints.
import type { FastifyError, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Core } from '../core.ts';
import type { Deploy, ReleaseCommit } from '../generated/prisma/client.ts';
import { jsonResponse, SIGNED_IN, type TypedApp } from '../http/route-schemas.ts';
import { toHttpError } from '../http/errors.ts';
import { requestViewer, requireScope } from '../auth/http.ts';
import type { Scope } from '../auth/permissions.ts';
import { isUnavailable } from '../db/errors.ts';
import { HttpError } from '../http/errors.ts';
import type { ReleaseSummary } from './releases.ts';
import { repositoryOf } from './repositories.ts';
import { assembleSchema, deploySchema, newReleaseSchema, updateReleaseSchema } from './schemas.ts';
import { gunzipSync } from 'node:zlib';
import multipart from '@fastify/multipart';

const detail = z.object({ detail: z.string() });
const refusal = (description: string) => jsonResponse(description, detail);
const REFUSALS = {
  400: refusal('Body is empty or not JSON'),
  401: refusal('No API token, or one that is not valid'),
  403: refusal('The token lacks the scope (`READ` to read, `RELEASE` to write)'),
  404: refusal('No such organisation (see SENTRY_ORG_SLUG), project or release'),
  413: refusal('Body over its size limit'),
  422: refusal('A field breaks the schema'),
};

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

const deployJson = z.object({
  id: z.string(),
  environment: z.string(),
  name: z.string().nullable(),
  url: z.string().nullable(),
  dateStarted: z.string().nullable(),
  dateFinished: z.string(),
});
const commitJson = z.object({
  id: z.string(),
  message: z.string().nullable(),
  dateCreated: z.string().nullable(),
  author: z.object({ name: z.string().nullable(), email: z.string().nullable() }).nullable(),
  repository: z.object({ name: z.string() }),
  files: z.array(z.object({ path: z.string(), type: z.string() })),
});
const releaseJson = z.object({
  id: z.number(),
  version: z.string(),
  shortVersion: z.string(),
  url: z.string().nullable(),
  dateCreated: z.string(),
  dateStarted: z.string().nullable(),
  dateReleased: z.string().nullable(),
  firstEvent: z.string().nullable(),
  lastEvent: z.string().nullable(),
  newGroups: z.number(),
  commitCount: z.number(),
  deployCount: z.number(),
  lastCommit: commitJson.nullable(),
  lastDeploy: deployJson.nullable(),
  projects: z.array(z.object({ slug: z.string(), name: z.string() })),
});

function toDeploy(d: Deploy): z.infer<typeof deployJson> {
  return {
    id: String(d.id),
    environment: d.environment,
    name: d.name,
    url: d.url,
    dateStarted: iso(d.startedAt),
    dateFinished: d.finishedAt.toISOString(),
  };
}

function toCommit(c: ReleaseCommit): z.infer<typeof commitJson> {
  return {
    id: c.sha,
    message: c.message,
    dateCreated: iso(c.committedAt),
    author: c.authorName || c.authorEmail ? { name: c.authorName, email: c.authorEmail } : null,
    repository: { name: c.repository },
    files: c.files as { path: string; type: string }[],
  };
}

function toRelease(r: ReleaseSummary): z.infer<typeof releaseJson> {
  return {
    id: r.id,
    version: r.version,
    shortVersion: r.version,
    url: r.url,
    dateCreated: r.createdAt.toISOString(),
    dateStarted: iso(r.startedAt),
    dateReleased: iso(r.releasedAt),
    firstEvent: iso(r.firstEvent),
    lastEvent: iso(r.lastEvent),
    newGroups: r.newIssues,
    commitCount: r.commitCount,
    deployCount: r.deployCount,
    lastCommit: r.lastCommit && toCommit(r.lastCommit),
    lastDeploy: r.lastDeploy && toDeploy(r.lastDeploy),
    projects: r.projects.map((p) => ({ slug: p.id, name: p.name })),
  };
}

/** Our scopes as Sentry names them, for `sentry-cli info`. */
const SENTRY_SCOPES: Record<Scope, string[]> = {
  read: ['org:read', 'project:read', 'event:read'],
  triage: ['event:write'],
  agent: ['event:write'],
  release: ['project:releases'],
  admin: ['org:write', 'project:write', 'project:admin'],
};

const org = z.object({ org: z.string().max(200) });
const releasePath = org.extend({ version: z.string().max(1000) });

export function registerSentryApi(app: TypedApp, core: Core, { orgSlug }: { orgSlug: string | undefined }) {
  const { releases } = core;
  const summary = async (version: string) => toRelease((await releases.summaries([await releases.find(version)]))[0]!);

  /** The viewer, with `scope`, on a known organisation. */
  async function admit(req: FastifyRequest, scope: Scope) {
    const viewer = await requestViewer(core, req);
    requireScope(viewer, scope);
    const slug = (req.params as { org?: string }).org;
    if (slug !== undefined && orgSlug !== undefined && slug !== orgSlug)
      throw new HttpError(404, 'not_found', `organisation ${JSON.stringify(slug)} does not exist here`);
    return viewer!;
  }

  void app.register(async (plugin) => {
    const api = plugin.withTypeProvider<ZodTypeProvider>();
    api.setErrorHandler<FastifyError>((err, req, reply) => {
      const known = toHttpError(err);
      if (known) return reply.code(known.statusCode).send({ detail: known.message });
      if (isUnavailable(err))
        return reply.code(503).header('retry-after', '5').send({ detail: 'database unavailable' });
      const status = err.statusCode ?? 500;
      if (status < 500) return reply.code(status).send({ detail: err.message });
      req.log.error({ err, event: 'request.failed', url: req.url }, 'request failed');
      return reply.code(500).send({ detail: 'internal server error; see the server log' });
    });
    const tags = ['Sentry CLI'];
    const security = SIGNED_IN;

    api.get(
      '/api/0/',
      {
        schema: {
          tags,
          security,
          summary: 'The token’s user and scopes (`sentry-cli info`)',
          response: {
            200: jsonResponse(
              'Who the token is',
              z.object({
                auth: z.object({ scopes: z.array(z.string()) }),
                user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
              }),
            ),
            ...REFUSALS,
          },
        },
      },
      async (req) => {
        const viewer = await admit(req, 'read');
        const scopes = [...new Set([...viewer.scopes].flatMap((s) => SENTRY_SCOPES[s]))];
        return {
          auth: { scopes },
          user: { id: String(viewer.user.id), email: viewer.user.email, name: viewer.user.name },
        };
      },
    );

    api.get(
      '/api/0/organizations/:org/repos/',
      {
        schema: {
          tags,
          security,
          summary: 'Repositories: one per project, named from its `repo_url` (else its id)',
          description:
            'The names `set-commits --commit REPO@SHA` takes. With `--auto`, sentry-cli reads the commits and their files from the local git history.',
          params: org,
          response: {
            200: jsonResponse(
              'The repositories',
              z.array(
                z.object({
                  id: z.string(),
                  name: z.string(),
                  url: z.string().nullable(),
                  provider: z.object({ id: z.string(), name: z.string() }),
                  status: z.string(),
                  dateCreated: z.string(),
                }),
              ),
            ),
            ...REFUSALS,
          },
        },
      },
      async (req) => {
        await admit(req, 'read');
        const projects = await core.prisma.project.findMany({ orderBy: { id: 'asc' } });
        const seen = new Set<string>();
        return projects.flatMap((p) => {
          const repo = repositoryOf(p.repoUrl);
          const name = repo?.name ?? p.id;
          if (seen.has(name.toLowerCase())) return [];
          seen.add(name.toLowerCase());
          // A provider that sentry-cli does not try to match with git remotes: `--auto` then
          // sends the commits it reads, files and all, instead of bare heads.
          return [
            {
              id: p.id,
              name,
              url: repo?.webUrl ?? null,
              provider: { id: 'logcenter', name: 'Log Center' },
              status: 'active',
              dateCreated: p.createdAt.toISOString(),
            },
          ];
        });
      },
    );

    const created = jsonResponse('The release', releaseJson);
    api.post(
      '/api/0/organizations/:org/releases/',
      {
        schema: {
          tags,
          security,
          summary: 'Create a release (`releases new`), or add to an existing one',
          params: org,
          body: newReleaseSchema,
          response: { 200: jsonResponse('It existed: the release', releaseJson), 201: created, ...REFUSALS },
        },
        bodyLimit: 16 * 1024 * 1024,
      },
      async (req, reply) => {
        await admit(req, 'release');
        const { release, created } = await releases.create(req.body);
        reply.code(created ? 201 : 200);
        return summary(release.version);
      },
    );

    const listSchema = <P extends z.ZodObject>(summary: string, params: P) => ({
      tags,
      security,
      summary,
      params,
      response: { 200: jsonResponse('Releases, newest first', z.array(releaseJson)), ...REFUSALS },
    });
    api.get(
      '/api/0/organizations/:org/releases/',
      { schema: listSchema('List releases (`releases list`)', org) },
      async (req) => {
        await admit(req, 'read');
        return (await releases.summaries(await releases.list())).map(toRelease);
      },
    );
    api.get(
      '/api/0/projects/:org/:project/releases/',
      { schema: listSchema('List a project’s releases (`releases list -p`)', org.extend({ project: z.string() })) },
      async (req) => {
        await admit(req, 'read');
        const project = await core.prisma.project.findUnique({ where: { id: req.params.project } });
        if (!project)
          throw new HttpError(404, 'not_found', `project ${JSON.stringify(req.params.project)} does not exist`);
        return (await releases.summaries(await releases.list({ projectId: project.id }))).map(toRelease);
      },
    );

    const one = (summary: string) => ({
      tags,
      security,
      summary,
      params: releasePath,
      response: { 200: jsonResponse('The release', releaseJson), ...REFUSALS },
    });
    api.get(
      '/api/0/organizations/:org/releases/:version/',
      { schema: one('A release (`releases info`)') },
      async (req) => {
        await admit(req, 'read');
        return summary(req.params.version);
      },
    );
    api.put(
      '/api/0/organizations/:org/releases/:version/',
      {
        schema: { ...one('Update a release: finalize, set commits or refs'), body: updateReleaseSchema },
        bodyLimit: 16 * 1024 * 1024,
      },
      async (req) => {
        await admit(req, 'release');
        await releases.update(req.params.version, req.body);
        return summary(req.params.version);
      },
    );
    api.delete(
      '/api/0/organizations/:org/releases/:version/',
      {
        schema: {
          tags,
          security,
          summary: 'Delete a release (`releases delete`)',
          params: releasePath,
          response: {
            204: { description: 'Deleted', content: { 'application/json': { schema: z.null() } } },
            ...REFUSALS,
          },
        },
      },
      async (req, reply) => {
        await admit(req, 'release');
        await releases.remove(req.params.version);
        return reply.code(204).send();
      },
    );

    api.get(
      '/api/0/organizations/:org/releases/:version/commits/',
      {
        schema: {
          tags,
          security,
          summary: 'A release’s commits, newest first',
          params: releasePath,
          response: { 200: jsonResponse('The commits', z.array(commitJson)), ...REFUSALS },
        },
      },
      async (req) => {
        await admit(req, 'read');
        return (await releases.commits(req.params.version)).map(toCommit);
      },
    );
    api.get(
      '/api/0/organizations/:org/releases/:version/previous-with-commits/',
      {
        schema: {
          tags,
          security,
          summary: 'The newest older release with commits (where `set-commits --auto` starts)',
          params: releasePath,
          response: {
            200: jsonResponse('That release, or `{}` for none', z.union([releaseJson, z.object({}).strict()])),
            ...REFUSALS,
          },
        },
      },
      async (req) => {
        await admit(req, 'read');
        const previous = await releases.previousWithCommits(req.params.version);
        return previous ? summary(previous.version) : {};
      },
    );

    const { limits } = core.artifacts;
    api.get(
      '/api/0/organizations/:org/chunk-upload/',
      {
        schema: {
          tags,
          security,
          summary: 'How to upload artifact bundles in chunks (`sourcemaps upload`)',
          params: org,
          response: {
            200: jsonResponse(
              'The chunk upload’s settings',
              z.object({
                url: z.string(),
                chunkSize: z.number(),
                chunksPerRequest: z.number(),
                maxFileSize: z.number(),
                maxRequestSize: z.number(),
                concurrency: z.number(),
                hashAlgorithm: z.literal('sha1'),
                compression: z.array(z.string()),
                accept: z.array(z.string()),
              }),
            ),
            ...REFUSALS,
          },
        },
      },
      async (req) => {
        await admit(req, 'admin');
        return {
          // Relative: sentry-cli puts it after its --url and /api/0.
          url: `/organizations/${encodeURIComponent(req.params.org)}/chunk-upload/`,
          chunkSize: limits.chunkBytes,
          chunksPerRequest: Math.floor(limits.requestBytes / limits.chunkBytes),
          maxFileSize: limits.bundleBytes,
          maxRequestSize: limits.requestBytes,
          concurrency: 4,
          hashAlgorithm: 'sha1' as const,
          compression: ['gzip'],
          accept: ['artifact_bundles', 'sources'],
        };
      },
    );

    // Chunks come as multipart parts named `file` (or `file_gzip`), each with its SHA-1 for a name.
    void api.register(async (chunks) => {
      await chunks.register(multipart, {
        limits: { fileSize: limits.chunkBytes, files: Math.floor(limits.requestBytes / limits.chunkBytes), fields: 0 },
      });
      chunks.withTypeProvider<ZodTypeProvider>().post(
        '/api/0/organizations/:org/chunk-upload/',
        {
          schema: {
            tags,
            security,
            summary: 'Upload chunks of an artifact bundle (multipart, each part named by its SHA-1)',
            params: org,
            response: { 200: jsonResponse('Stored', z.object({})), ...REFUSALS },
          },
          bodyLimit: limits.requestBytes + 1024 * 1024,
        },
        async (req) => {
          await admit(req, 'admin');
          for await (const part of req.files()) {
            const raw = await part.toBuffer();
            const data = part.fieldname === 'file_gzip' ? gunzipSync(raw, { maxOutputLength: limits.chunkBytes }) : raw;
            await core.artifacts.putChunk(part.filename, data);
          }
          return {};
        },
      );
    });

    api.post(
      '/api/0/organizations/:org/artifactbundle/assemble/',
      {
        schema: {
          tags,
          security,
          summary: 'Assemble an artifact bundle from its chunks; answers which are missing until all are here',
          params: org,
          body: assembleSchema,
          response: {
            200: jsonResponse(
              'The bundle’s state: `ok` once stored, `not_found` with the missing chunks, `error` with why',
              z.object({
                state: z.enum(['ok', 'not_found', 'error']),
                missingChunks: z.array(z.string()),
                detail: z.string().nullable(),
              }),
            ),
            ...REFUSALS,
          },
        },
      },
      async (req) => {
        await admit(req, 'admin');
        const projects = await core.releases.projectIds(req.body.projects, 'projects');
        return core.artifacts.assemble({ ...req.body, projects });
      },
    );

    api.get(
      '/api/0/organizations/:org/releases/:version/deploys/',
      {
        schema: {
          tags,
          security,
          summary: 'A release’s deploys, newest first (`releases deploys VERSION list`)',
          params: releasePath,
          response: { 200: jsonResponse('The deploys', z.array(deployJson)), ...REFUSALS },
        },
      },
      async (req) => {
        await admit(req, 'read');
        return (await releases.deploys(req.params.version)).map(toDeploy);
      },
    );
    api.post(
      '/api/0/organizations/:org/releases/:version/deploys/',
      {
        schema: {
          tags,
          security,
          summary: 'Record a deploy (`releases deploys VERSION new -e ENV`)',
          params: releasePath,
          body: deploySchema,
          response: { 201: jsonResponse('The deploy', deployJson), ...REFUSALS },
        },
      },
      async (req, reply) => {
        await admit(req, 'release');
        const deploy = await releases.deploy(req.params.version, req.body);
        reply.code(201);
        return toDeploy(deploy);
      },
    );
  });
}
