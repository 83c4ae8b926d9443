// The signed-in user, from the session cookie the server set at sign-in (HttpOnly: the page
// never sees it, it only asks who it is).
export type User = { id: number; email: string; name: string; role: 'ADMIN' | 'MEMBER' | 'VIEWER' };

export async function currentUser(): Promise<User | null> {
  const res = await fetch('/api/v1/auth/me');
  return res.ok ? ((await res.json()) as { user: User }).user : null;
}

// Signing out ends the session's live connections too; their "signed out" must not race the
// sign-out's own way to the sign-in page with one that would come back here.
let signingOut = false;

/** To the sign-in page, coming back here afterwards. */
export function signIn() {
  if (signingOut || location.pathname === '/login') return;
  location.assign(`/login?returnTo=${encodeURIComponent(location.pathname + location.search)}`);
}

/** A full page load, so that no connection outlives the session. */
export async function signOut() {
  signingOut = true;
  try {
    await fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  } finally {
    location.assign('/login');
  }
}

/** Only paths of this site: a crafted link must not send people elsewhere after sign-in. */
export function safeReturnTo(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}
