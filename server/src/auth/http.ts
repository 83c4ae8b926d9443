// The REST API's side of access control: a route names the scope it needs of the viewer it
// has resolved (once per request).
import { HttpError } from '../http/errors.ts';
import type { Viewer } from './accounts.ts';
import type { Scope } from './permissions.ts';

/** Throws 401 for anonymous callers and 403 for too few rights, unless `viewer` has `scope`. */
export function requireScope(viewer: Viewer | null, scope: Scope): void {
  if (!viewer) throw new HttpError(401, 'unauthenticated', 'sign in, or send an API token (Authorization: Bearer …)');
  if (!viewer.scopes.has(scope)) throw new HttpError(403, 'forbidden', `this needs the ${scope} permission`);
}
