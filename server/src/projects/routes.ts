// Project metadata over REST: list, read, and partial update (which also registers a
// project that has not reported yet).
import type { FastifyInstance } from 'fastify';
import type { Project } from '../generated/prisma/client.ts';
import type { Core } from '../core.ts';
import { NotFoundError } from '../errors.ts';
import { HttpError, validateBody } from '../http/errors.ts';
import { projectIdSchema } from '../ingest/report-schema.ts';
import { projectUpdateSchema } from './project-schema.ts';
import { saveProject } from './projects.ts';
import { requireScope } from '../auth/http.ts';

export function projectJson(p: Project) {
  return {
    project_id: p.id,
    name: p.name,
    repo_url: p.repoUrl,
    local_path: p.localPath,
    description: p.description,
    ingest_key_required: p.ingestKeyRequired,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

type WithId = { Params: { projectId: string } };

export function registerProjectRoutes(app: FastifyInstance, core: Core) {
  const { prisma } = core;
  const read = { preHandler: requireScope(core, 'read') };
  const admin = { preHandler: requireScope(core, 'admin') };

  app.get('/api/v1/projects', read, async () => {
    const projects = await prisma.project.findMany({ orderBy: { id: 'asc' } });
    return { projects: projects.map(projectJson), total: projects.length };
  });

  app.get<WithId>('/api/v1/projects/:projectId', read, async (req) => {
    const project = await prisma.project.findUnique({ where: { id: req.params.projectId } });
    if (!project) throw new NotFoundError('Project', req.params.projectId);
    return projectJson(project);
  });

  app.put<WithId>('/api/v1/projects/:projectId', admin, async (req, reply) => {
    const id = req.params.projectId;
    if (!projectIdSchema.safeParse(id).success) throw new NotFoundError('Project', id);
    const { project_id, name, repo_url, local_path, description, ingest_key_required } = validateBody(projectUpdateSchema, req.body);
    if (project_id !== undefined && project_id !== id) {
      throw new HttpError(422, 'validation_failed', 'project_id in the body differs from the one in the path', [
        { path: 'project_id', reason: `must be "${id}" or left out` },
      ]);
    }
    const changes = { name, repoUrl: repo_url, localPath: local_path, description, ingestKeyRequired: ingest_key_required };
    const { project, created } = await saveProject(core, id, changes, { create: true });
    req.log.info({ event: created ? 'project.created' : 'project.updated', projectId: id }, 'project saved');
    return reply.code(created ? 201 : 200).send(projectJson(project));
  });
}
