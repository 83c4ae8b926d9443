// Project metadata over REST: list, read, and partial update (which also registers a
// project that has not reported yet).
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/client.ts';
import type { Project } from '../generated/prisma/client.ts';
import { HttpError, validate } from '../http/errors.ts';
import { projectIdSchema } from '../ingest/report-schema.ts';
import { projectUpdateSchema } from './project-schema.ts';

export function projectJson(p: Project) {
  return {
    project_id: p.id,
    name: p.name,
    repo_url: p.repoUrl,
    local_path: p.localPath,
    description: p.description,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

function notFound(id: string) {
  return new HttpError(404, 'not_found', `project "${id}" does not exist`);
}

type WithId = { Params: { projectId: string } };

export function registerProjectRoutes(app: FastifyInstance, db: Database) {
  app.get('/api/v1/projects', async () => {
    const projects = await db.prisma.project.findMany({ orderBy: { id: 'asc' } });
    return { projects: projects.map(projectJson), total: projects.length };
  });

  app.get<WithId>('/api/v1/projects/:projectId', async (req) => {
    const project = await db.prisma.project.findUnique({ where: { id: req.params.projectId } });
    if (!project) throw notFound(req.params.projectId);
    return projectJson(project);
  });

  app.put<WithId>('/api/v1/projects/:projectId', async (req, reply) => {
    const id = req.params.projectId;
    if (!projectIdSchema.safeParse(id).success) throw notFound(id);
    const update = validate(projectUpdateSchema, req.body);
    if (update.project_id !== undefined && update.project_id !== id) {
      throw new HttpError(422, 'validation_failed', 'project_id in the body differs from the one in the path', [
        { path: 'project_id', reason: `must be "${id}" or left out` },
      ]);
    }
    const data = {
      name: update.name,
      repoUrl: update.repo_url,
      localPath: update.local_path,
      description: update.description,
    };
    const existed = (await db.prisma.project.count({ where: { id } })) > 0;
    const project = await db.prisma.project.upsert({
      where: { id },
      update: data,
      create: { ...data, id, name: data.name ?? id },
    });
    req.log.info({ event: existed ? 'project.updated' : 'project.created', projectId: id }, 'project saved');
    return reply.code(existed ? 200 : 201).send(projectJson(project));
  });
}
