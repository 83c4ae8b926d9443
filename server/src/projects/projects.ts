// Editing a project's metadata, for the REST API and GraphQL alike.
import type { Project } from '../generated/prisma/client.ts';
import type { Core } from '../core.ts';
import { NotFoundError } from '../errors.ts';
import type { ProjectChanges } from './project-schema.ts';

/** Applies `changes`; an unknown project is created when `create` is set, else NotFoundError. */
export async function saveProject(
  { prisma, ingestKeys }: Pick<Core, 'prisma' | 'ingestKeys'>,
  id: string,
  changes: ProjectChanges,
  { create }: { create: boolean },
): Promise<{ project: Project; created: boolean }> {
  const existing = await prisma.project.findUnique({ where: { id }, select: { id: true } });
  if (!existing && !create) throw new NotFoundError('Project', id);
  const project = await prisma.project.upsert({
    where: { id },
    update: changes,
    create: { ...changes, id, name: changes.name ?? id, keys: { create: {} } },
  });
  if (changes.ingestKeyRequired !== undefined || !existing) ingestKeys.changed();
  return { project, created: !existing };
}
