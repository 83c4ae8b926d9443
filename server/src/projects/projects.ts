// Editing a project's metadata, for the REST API and GraphQL alike, with a record of who set
// what (project_changes).
import type { Prisma, Project } from '../generated/prisma/client.ts';
import type { Core } from '../core.ts';
import { NotFoundError } from '../errors.ts';
import type { ProjectChanges } from './project-schema.ts';

/** Who makes a change: an account (`name` its email), or an anonymous registration. */
export type ProjectActor = { name: string; userId: number | null; remoteAddr: string | null };

export const ANONYMOUS_REGISTRATION = 'anonymous registration';

type Field = keyof ProjectChanges;

/** Whether a field still holds nothing a person chose: empty, or the name a report gave it (its id). */
function isUnset(project: Project, field: Field): boolean {
  const value = project[field];
  return value === null || value === '' || (field === 'name' && value === project.id);
}

/**
 * The fields an anonymous registration may not write (seed 000's clients register at every
 * start, with no credential): it may fill fields that are still unset and repeat what is
 * stored, and nothing else.
 */
export function registrationConflicts(project: Project, changes: ProjectChanges): Field[] {
  return (Object.keys(changes) as Field[]).filter((field) => {
    const value = changes[field];
    if (value === undefined || value === project[field]) return false;
    return field === 'ingestKeyRequired' || !isUnset(project, field);
  });
}

/**
 * Applies `changes`; an unknown project is created when `create` is set, else NotFoundError.
 * `check` runs on the locked row before anything is written; throw to refuse.
 */
export async function saveProject(
  { prisma, ingestKeys }: Pick<Core, 'prisma' | 'ingestKeys'>,
  id: string,
  changes: ProjectChanges,
  { create, actor, check }: { create: boolean; actor: ProjectActor; check?: (project: Project) => void },
): Promise<{ project: Project; created: boolean }> {
  const result = await prisma.$transaction(async (tx) => {
    await tx.$queryRawUnsafe('SELECT id FROM projects WHERE id = $1 FOR UPDATE', id);
    const existing = await tx.project.findUnique({ where: { id } });
    if (!existing && !create) throw new NotFoundError('Project', id);
    if (existing) check?.(existing);
    const project = await tx.project.upsert({
      where: { id },
      update: changes,
      create: { ...changes, id, name: changes.name ?? id, keys: { create: {} } },
    });
    const changed = Object.fromEntries(
      (Object.keys(changes) as Field[])
        .filter((field) => changes[field] !== undefined && existing?.[field] !== project[field])
        .map((field) => [field, { from: existing?.[field] ?? null, to: project[field] }]),
    );
    if (Object.keys(changed).length) {
      await tx.projectChange.create({
        data: {
          projectId: id,
          changes: changed as Prisma.InputJsonValue,
          actor: actor.name,
          userId: actor.userId,
          remoteAddr: actor.remoteAddr,
        },
      });
    }
    return { project, created: !existing };
  });
  if (changes.ingestKeyRequired !== undefined || result.created) ingestKeys.changed();
  return result;
}
