// Reports create their project when it is unknown (the contract's registration), and anyone
// who reaches the port may send one: without a bound, 10,000 made-up project ids made 10,000
// projects in 8 s. New projects by report are counted per minute across the installation
// and in total; reports for projects that exist are never limited here.
import type { FastifyReply } from 'fastify';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { HttpError } from '../http/errors.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import type { IngestKeys } from './ingest-keys.ts';

export type AdmissionConfig = {
  /** false: reports for unknown projects are refused (404); projects are registered by an admin. */
  autoCreate: boolean;
  /** New projects a minute that reports may create; 0: no limit. */
  perMinute: number;
  /** Projects that reports may bring the installation to; 0: no limit. */
  max: number;
};

export type ProjectAdmission = {
  /** Resolves once `projectId` exists, creating it if reports may (then true); else throws the HTTP answer. */
  admit(projectId: string, repoUrl: string | null | undefined, reply: FastifyReply): Promise<boolean>;
};

// Serialises the count-then-insert below across replicas; taken only to create a project.
const CREATE_LOCK = 7482912;

export function createProjectAdmission(
  prisma: PrismaClient,
  ingestKeys: IngestKeys,
  limiter: RateLimiter,
  config: AdmissionConfig,
): ProjectAdmission {
  // Projects are never deleted, so one seen to exist can be remembered.
  const known = new Set<string>();
  // Concurrent first reports of one project in this process wait for one admission.
  const admitting = new Map<string, Promise<boolean>>();

  /** Counts one new project against the minute's budget: only a project about to be created counts. */
  async function spend(id: string, reply: FastifyReply) {
    if (config.perMinute <= 0) return;
    const verdict = await limiter.consume('projects:created-by-reports', config.perMinute);
    if (verdict.allowed) return;
    void reply.header('retry-after', String(verdict.retryAfterSeconds));
    throw new HttpError(
      429,
      'project_creation_limited',
      `more than ${config.perMinute} new projects a minute were created by reports (AUTO_CREATE_PROJECTS_PER_MINUTE): project "${id}" was not created; try again in ${verdict.retryAfterSeconds} s`,
    );
  }

  async function create(id: string, repoUrl: string | null, reply: FastifyReply) {
    const created = await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', CREATE_LOCK);
      // Made meanwhile by another request or replica: nothing to count, nothing to create.
      if (await tx.project.count({ where: { id } })) return false;
      if (config.max > 0 && (await tx.project.count()) >= config.max) {
        throw new HttpError(
          403,
          'project_limit',
          `this installation has reached its limit of ${config.max} projects (MAX_PROJECTS): project "${id}" was not created`,
        );
      }
      await spend(id, reply);
      await tx.project.create({ data: { id, name: id, repoUrl, keys: { create: {} } } });
      return true;
    });
    // Its key, for Sentry SDKs, on every replica.
    if (created) ingestKeys.changed();
    return created;
  }

  async function admitOnce(projectId: string, repoUrl: string | null | undefined, reply: FastifyReply) {
    let created = false;
    if (!(await prisma.project.count({ where: { id: projectId } }))) {
      if (!config.autoCreate) {
        throw new HttpError(
          404,
          'unknown_project',
          `project "${projectId}" is not registered, and reports do not create projects here (AUTO_CREATE_PROJECTS=false): ask an admin to add it`,
        );
      }
      created = await create(projectId, repoUrl || null, reply);
    }
    known.add(projectId);
    return created;
  }

  async function admit(projectId: string, repoUrl: string | null | undefined, reply: FastifyReply): Promise<boolean> {
    if (known.has(projectId)) return false;
    const pending = admitting.get(projectId);
    // Another request is admitting the project: once it exists this one needs nothing more
    // (only one of them made it); when that one was refused, this one asks for itself, so
    // that its own answer carries its own Retry-After.
    if (pending)
      return pending.then(
        () => false,
        () => admit(projectId, repoUrl, reply),
      );
    const admission = admitOnce(projectId, repoUrl, reply).finally(() => admitting.delete(projectId));
    admitting.set(projectId, admission);
    return admission;
  }

  return { admit };
}
