// The REST API's side of access control: a route names the scope it needs.
import type { FastifyRequest } from 'fastify';
import type { Core } from '../core.ts';
import { HttpError } from '../http/errors.ts';
import type { Scope } from './permissions.ts';
import { resolveViewer } from './viewer.ts';

/** A preHandler that lets through only viewers with `scope`: 401 for anonymous, 403 for too few rights. */
export function requireScope(core: Pick<Core, 'prisma'>, scope: Scope) {
  return async (req: FastifyRequest) => {
    const viewer = await resolveViewer(core.prisma, { authorization: req.headers.authorization, cookie: req.headers.cookie });
    if (!viewer) throw new HttpError(401, 'unauthenticated', 'sign in, or send an API token (Authorization: Bearer …)');
    if (!viewer.scopes.has(scope)) throw new HttpError(403, 'forbidden', `this needs the ${scope} permission`);
  };
}
