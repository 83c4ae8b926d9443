// Who is asking: an API token in `Authorization: Bearer …`, else the dashboard's session cookie.
import { sessionViewer, tokenViewer, type AccountsDb, type Viewer } from './accounts.ts';

export const SESSION_COOKIE = 'lc_session';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export async function resolveViewer(
  db: AccountsDb,
  { authorization, cookie }: { authorization?: string | undefined; cookie?: string | undefined },
): Promise<Viewer | null> {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return tokenViewer(db, bearer);
  const session = cookieValue(cookie, SESSION_COOKIE);
  return session ? sessionViewer(db, session) : null;
}
