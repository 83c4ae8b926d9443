// The REST API's side of access control: a route names the scope it needs of the viewer it
// has resolved (once per request).
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../http/errors.ts';
import type { AccountsDb, Viewer } from './accounts.ts';
import type { Scope } from './permissions.ts';
import { resolveViewer } from './viewer.ts';

/**
 * The request's viewer, or null for none. A token that was sent but does not work (revoked,
 * expired, unknown) is refused, even where no credential is needed: a tool must learn that
 * its token is dead, not be read as a stranger.
 */
export async function requestViewer(db: AccountsDb, req: FastifyRequest): Promise<Viewer | null> {
  const viewer = await resolveViewer(db, { authorization: req.headers.authorization, cookie: req.headers.cookie });
  if (!viewer && req.headers.authorization)
    throw new HttpError(401, 'unauthenticated', 'the API token sent is not valid (revoked, expired or unknown)');
  return viewer;
}

/** Throws 401 for anonymous callers and 403 for too few rights, unless `viewer` has `scope`. */
export function requireScope(viewer: Viewer | null, scope: Scope): void {
  if (!viewer) throw new HttpError(401, 'unauthenticated', 'sign in, or send an API token (Authorization: Bearer …)');
  if (!viewer.scopes.has(scope)) throw new HttpError(403, 'forbidden', `this needs the ${scope} permission`);
}
