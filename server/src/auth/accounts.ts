// Users, their sessions and their API tokens: who is asking, and with which rights.
import type { PrismaClient, User } from '../generated/prisma/client.ts';
import type { TokenScope } from '../generated/prisma/enums.ts';
import type { Logger } from '../log.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { expand, ROLE_SCOPES, tokenScopes, type Scope } from './permissions.ts';
import { digest, newSecret, TOKEN_PREFIX } from './secrets.ts';
import type { SqlClient } from '../db/client.ts';

export type Viewer = {
  user: Pick<User, 'id' | 'email' | 'name' | 'role'>;
  scopes: Set<Scope>;
  via: 'session' | 'token';
  /** The stored id of the session in use, when signed in through the dashboard. */
  sessionId?: string;
};

export const SESSION_DAYS = 14;
const DAY_MS = 86_400_000;
// Verified against when the email is unknown, so that a login takes as long either way.
let dummyHash: Promise<string> | undefined;

/**
 * The first start of an empty installation creates an admin: ADMIN_EMAIL / ADMIN_PASSWORD
 * when set, else admin@localhost with a one-time password printed in the log (and returned,
 * for the start-up banner).
 */
export async function bootstrapAdmin(
  prisma: PrismaClient,
  logger: Logger,
  env: { email?: string | undefined; password?: string | undefined; token?: string | undefined },
): Promise<{ email: string; password: string } | null> {
  const email = (env.email ?? 'admin@localhost').trim().toLowerCase();
  const password = env.password ?? newSecret().secret.slice(0, 20);
  const passwordHash = await hashPassword(password);
  const created = await prisma.$transaction(async (tx) => {
    // Servers starting together: one creates the admin, the others see it.
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(7482911)');
    const exists = (await tx.user.count()) > 0;
    if (!exists) await tx.user.create({ data: { email, name: 'Administrator', role: 'ADMIN', passwordHash } });
    if (env.token) {
      const admin = await tx.user.findFirstOrThrow({ where: { role: 'ADMIN' }, orderBy: { id: 'asc' } });
      const tokenHash = digest(env.token);
      await tx.apiToken.upsert({
        where: { tokenHash },
        update: {},
        create: {
          name: 'ADMIN_TOKEN',
          tokenHash,
          prefix: env.token.slice(0, TOKEN_PREFIX.length + 6),
          scopes: ['ADMIN'],
          userId: admin.id,
        },
      });
    }
    return !exists;
  });
  if (!created) return null;
  if (env.password) {
    logger.info({ event: 'auth.admin_created', email }, 'admin account created from ADMIN_EMAIL / ADMIN_PASSWORD');
    return null;
  }
  logger.warn(
    { event: 'auth.admin_created', email, password },
    `admin account created: sign in as ${email} with the one-time password ${password} and change it`,
  );
  return { email, password };
}

export async function login(
  prisma: PrismaClient,
  email: string,
  password: string,
  userAgent?: string,
): Promise<{ session: string; user: User } | null> {
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  dummyHash ??= hashPassword('not a password');
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  if (!user || !ok || user.disabled) return null;
  const { secret, hash } = newSecret();
  await prisma.$transaction([
    prisma.session.create({
      data: {
        id: hash,
        userId: user.id,
        expiresAt: new Date(Date.now() + SESSION_DAYS * DAY_MS),
        userAgent: userAgent?.slice(0, 500) ?? null,
      },
    }),
    prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } }),
    // Sessions that ran out are of no use; clearing them here keeps the table at the live ones.
    prisma.session.deleteMany({ where: { userId: user.id, expiresAt: { lt: new Date() } } }),
  ]);
  return { session: secret, user };
}

export async function logout(prisma: PrismaClient, session: string) {
  await prisma.session.deleteMany({ where: { id: digest(session) } });
}

/** What a request's credential is looked up with: Prisma for writes, one prepared statement for the lookup. */
export type AccountsDb = { prisma: PrismaClient; sql: SqlClient };

// Every request with a credential runs one of these; as one prepared statement each (the
// credential and its user, checked in SQL) it costs a fraction of Prisma's two queries.
type CredentialRow<Id> = Pick<User, 'email' | 'name' | 'role'> & { id: Id; userId: number; due: boolean };
// When a session or token was last used is written at most once a minute (`due`): a busy
// agent or an open dashboard must not write on every request.
const userColumns = (lastUsed: string) => `u.id AS "userId", u.email, u.name, u.role,
  (c.${lastUsed} IS NULL OR c.${lastUsed} < now() - interval '1 minute') AS due`;

const userOf = (row: CredentialRow<unknown>): Viewer['user'] => ({
  id: row.userId,
  email: row.email,
  name: row.name,
  role: row.role,
});

export async function sessionViewer({ prisma, sql }: AccountsDb, session: string): Promise<Viewer | null> {
  const [found] = await sql.query<CredentialRow<string>>(
    'viewer_session',
    `SELECT c.id, ${userColumns('last_seen_at')}
       FROM sessions c JOIN users u ON u.id = c.user_id
      WHERE c.id = $1 AND c.expires_at > now() AND NOT u.disabled`,
    [digest(session)],
  );
  if (!found) return null;
  if (found.due)
    void prisma.session.update({ where: { id: found.id }, data: { lastSeenAt: new Date() } }).catch(() => undefined);
  return { user: userOf(found), scopes: expand(ROLE_SCOPES[found.role]), via: 'session', sessionId: found.id };
}

export async function tokenViewer({ prisma, sql }: AccountsDb, token: string): Promise<Viewer | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [found] = await sql.query<CredentialRow<number> & { scopes: TokenScope[] }>(
    'viewer_token',
    `SELECT c.id, c.scopes::text[] AS scopes, ${userColumns('last_used_at')}
       FROM api_tokens c JOIN users u ON u.id = c.user_id
      WHERE c.token_hash = $1 AND c.revoked_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > now())
        AND NOT u.disabled`,
    [digest(token)],
  );
  if (!found) return null;
  if (found.due)
    void prisma.apiToken.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  return { user: userOf(found), scopes: tokenScopes(found.role, found.scopes), via: 'token' };
}

/** A new token for `userId`; the secret is returned once and only its digest is kept. */
export async function createToken(
  prisma: PrismaClient,
  userId: number,
  name: string,
  scopes: TokenScope[],
  expiresAt: Date | null = null,
) {
  const { secret, hash } = newSecret(TOKEN_PREFIX);
  const record = await prisma.apiToken.create({
    data: { name, userId, scopes, tokenHash: hash, prefix: secret.slice(0, TOKEN_PREFIX.length + 6), expiresAt },
  });
  return { token: secret, record };
}
