// Project metadata over REST: list, read, and partial update (which also registers a
// project that has not reported yet). Seed 000's clients call these with no credential: with
// PROJECT_API_AUTH=registration (the default) anyone may read the metadata they use and
// register a project — fill its unset fields, repeat stored ones — while changing what is
// set needs ADMIN. PROJECT_API_AUTH=required puts all of it behind READ and ADMIN.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Project } from '../generated/prisma/client.ts';
import type { Core } from '../core.ts';
import { NotFoundError } from '../errors.ts';
import { HttpError } from '../http/errors.ts';
import { errorResponse, jsonResponse, OPEN_OR_SIGNED_IN, type TypedApp } from '../http/route-schemas.ts';
import { projectIdSchema } from '../ingest/report-schema.ts';
import { projectUpdateSchema } from './project-schema.ts';
import { ANONYMOUS_REGISTRATION, registrationConflicts, saveProject } from './projects.ts';
import { requestViewer, requireScope } from '../auth/http.ts';
import type { Viewer } from '../auth/accounts.ts';
import { INGEST_KEY_HEADER, refuseUnlessKeyed } from './ingest-keys.ts';

const projectSchema = z.object({
  project_id: z.string().meta({ example: 'rtc_backend' }),
  name: z.string(),
  repo_url: z.string().nullable(),
  local_path: z.string().nullable(),
  description: z.string().nullable(),
  ingest_key_required: z.boolean().optional().meta({
    description: 'Reports need one of the project’s keys in `X-Log-Center-Key`. Only for callers with `READ`.',
  }),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

/** The metadata seed 000's clients use; with READ also whether reports need a key. */
export function projectJson(p: Project, canRead = true): z.infer<typeof projectSchema> {
  return {
    project_id: p.id,
    name: p.name,
    repo_url: p.repoUrl,
    local_path: p.localPath,
    description: p.description,
    ...(canRead ? { ingest_key_required: p.ingestKeyRequired } : {}),
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

const params = z.object({ project_id: z.string() });
const readRefusals = {
  401: errorResponse('With PROJECT_API_AUTH=required: no API token or session, or one that is not valid'),
  403: errorResponse('With PROJECT_API_AUTH=required: the token or user lacks the `READ` scope'),
};

const listSchema = {
  tags: ['Projects'],
  summary: 'List projects',
  security: OPEN_OR_SIGNED_IN,
  response: {
    200: jsonResponse('All projects, ordered by id', z.object({ projects: z.array(projectSchema), total: z.int() })),
    ...readRefusals,
  },
};

const getSchema = {
  tags: ['Projects'],
  summary: 'Get a project',
  security: OPEN_OR_SIGNED_IN,
  params,
  response: {
    200: jsonResponse('The project', projectSchema),
    ...readRefusals,
    404: errorResponse('Unknown project'),
  },
};

const putSchema = {
  tags: ['Projects'],
  summary: 'Edit a project (partial update; registers the project if it has not reported yet)',
  description:
    'Without ADMIN: fills fields that are still empty and takes repeats of stored values; changing a set field is refused with 403 naming it.',
  security: OPEN_OR_SIGNED_IN,
  params,
  body: projectUpdateSchema,
  response: {
    200: jsonResponse('Updated', projectSchema),
    201: jsonResponse('Created', projectSchema),
    401: errorResponse(
      'With PROJECT_API_AUTH=required: no credential. Else: the project requires its key in `X-Log-Center-Key`, and none was sent',
    ),
    403: errorResponse(
      'A set field would change without ADMIN (`details` names it), a wrong key, or MAX_PROJECTS reached',
    ),
    404: errorResponse('Malformed project id, or an unknown project while AUTO_CREATE_PROJECTS=false'),
    429: errorResponse('More new projects a minute than AUTO_CREATE_PROJECTS_PER_MINUTE'),
  },
};

export type ProjectApiAuth = 'registration' | 'required';

const FIELD_NAMES: Record<string, string> = {
  name: 'name',
  repoUrl: 'repo_url',
  localPath: 'local_path',
  description: 'description',
  ingestKeyRequired: 'ingest_key_required',
};

export function registerProjectRoutes(app: TypedApp, core: Core, auth: ProjectApiAuth) {
  const { prisma } = core;
  const viewerOf = (req: FastifyRequest) => requestViewer(core, req);
  /** The viewer, refused unless it may read (with PROJECT_API_AUTH=required); and whether it may. */
  const reader = async (req: FastifyRequest) => {
    const viewer = await viewerOf(req);
    if (auth === 'required') requireScope(viewer, 'read');
    return viewer?.scopes.has('read') ?? false;
  };

  app.get('/api/v1/projects', { schema: listSchema }, async (req) => {
    const canRead = await reader(req);
    const projects = await prisma.project.findMany({ orderBy: { id: 'asc' } });
    return { projects: projects.map((p) => projectJson(p, canRead)), total: projects.length };
  });

  app.get('/api/v1/projects/:project_id', { schema: getSchema }, async (req) => {
    const canRead = await reader(req);
    const project = await prisma.project.findUnique({ where: { id: req.params.project_id } });
    if (!project) throw new NotFoundError('Project', req.params.project_id);
    return projectJson(project, canRead);
  });

  // Who asks, and about which project, is settled before the body is looked at.
  const editors = new WeakMap<FastifyRequest, Viewer | null>();
  const mayEdit = async (req: FastifyRequest) => {
    const viewer = await viewerOf(req);
    if (auth === 'required') requireScope(viewer, 'admin');
    const id = (req.params as z.infer<typeof params>).project_id;
    if (!projectIdSchema.safeParse(id).success) throw new NotFoundError('Project', id);
    editors.set(req, viewer);
  };

  app.put('/api/v1/projects/:project_id', { schema: putSchema, preValidation: mayEdit }, async (req, reply) => {
    const viewer = editors.get(req) ?? null;
    const admin = viewer?.scopes.has('admin') ?? false;
    const id = req.params.project_id;
    const { project_id, name, repo_url, local_path, description, ingest_key_required } = req.body;
    if (project_id !== undefined && project_id !== id) {
      throw new HttpError(422, 'validation_failed', 'project_id in the body differs from the one in the path', [
        { path: 'project_id', reason: `must be "${id}" or left out` },
      ]);
    }
    const changes = Object.fromEntries(
      Object.entries({
        name,
        repoUrl: repo_url,
        localPath: local_path,
        description,
        ingestKeyRequired: ingest_key_required,
      }).filter(([, v]) => v !== undefined),
    );
    const actor = {
      name: viewer?.user.email ?? ANONYMOUS_REGISTRATION,
      userId: viewer?.user.id ?? null,
      remoteAddr: req.ip,
    };
    let admitted = false;
    if (!admin) {
      // A project that takes reports only with a key takes its registration only with one too.
      const key = await core.ingestKeys.check(id, req.headers[INGEST_KEY_HEADER] as string | undefined);
      refuseUnlessKeyed(key, id, 'is registered', ', or with an ADMIN credential');
      // A new project by registration counts as one made by a report.
      admitted = await core.projects.admit(id, repo_url, reply);
    }
    const check = admin
      ? undefined
      : (stored: Project) => {
          const refused = registrationConflicts(stored, changes);
          if (refused.length === 0) return;
          const fields = refused.map((f) => FIELD_NAMES[f]!);
          throw new HttpError(
            403,
            'forbidden',
            `${fields.join(', ')} ${fields.length === 1 ? 'is' : 'are'} already set: changing ${fields.length === 1 ? 'it' : 'them'} needs an ADMIN credential (anonymous registration fills only fields that are still empty)`,
            fields.map((path) => ({ path, reason: 'is already set; changing it needs an ADMIN credential' })),
          );
        };
    const saved = await saveProject(core, id, changes, { create: true, actor, check });
    const { project } = saved;
    const created = saved.created || admitted;
    req.log.info(
      {
        event: created ? 'project.created' : 'project.updated',
        projectId: id,
        by: actor.name,
        remoteAddr: actor.remoteAddr,
      },
      'project saved',
    );
    return reply.code(created ? 201 : 200).send(projectJson(project, viewer?.scopes.has('read') ?? false));
  });
}
