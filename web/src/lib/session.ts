// The signed-in user, from the session cookie the server set at sign-in (HttpOnly: the page
// never sees it, it only asks who it is).
export type User = { id: number; email: string; name: string; role: 'ADMIN' | 'MEMBER' | 'VIEWER' };

export async function currentUser(): Promise<User | null> {
  const res = await fetch('/api/v1/auth/me');
  return res.ok ? ((await res.json()) as { user: User }).user : null;
}

/** To the sign-in page, coming back here afterwards. */
export function signIn() {
  if (location.pathname === '/login') return;
  location.assign(`/login?returnTo=${encodeURIComponent(location.pathname + location.search)}`);
}

/** A full page load, so that no connection outlives the session. */
export async function signOut() {
  await fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  location.assign('/login');
}

/** Only paths of this site: a crafted link must not send people elsewhere after sign-in. */
export function safeReturnTo(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}
