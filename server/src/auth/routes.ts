// Signing in and out of the dashboard: a session in an HttpOnly cookie.
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { z } from 'zod';
import type { Core } from '../core.ts';
import { Role } from '../generated/prisma/enums.ts';
import { HttpError } from '../http/errors.ts';
import { errorResponse, jsonResponse, SIGNED_IN, type TypedApp } from '../http/route-schemas.ts';
import type { RateLimiter, Verdict } from '../http/rate-limit.ts';
import { login, logout, SESSION_DAYS } from './accounts.ts';
import { SCOPES } from './permissions.ts';
import { resolveViewer, SESSION_COOKIE } from './viewer.ts';
import { fromOwnOrigin } from '../http/origin.ts';
import { shown } from '../validation.ts';

export const loginSchema = z.strictObject({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

/** Failed sign-ins allowed per minute, per address and per account. */
export const LOGIN_FAILURES_PER_MINUTE = 5;

/**
 * Sign-in and sign-out take only JSON from a page of this origin: a cross-site form (which
 * can send text/plain) must not sign a victim into the attacker's account, or out of their own.
 */
async function fromThisSite(req: FastifyRequest) {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'unsupported_media_type', 'send a JSON body with Content-Type: application/json');
  }
  // req.host is X-Forwarded-Host only behind TRUST_PROXY.
  if (!fromOwnOrigin(req.headers.origin, req.host)) {
    throw new HttpError(
      403,
      'cross_origin',
      `refused from a page of another origin (${shown(req.headers.origin)}): sign in on Log Center's own page`,
    );
  }
}

const userSchema = z.object({ id: z.int(), email: z.string(), name: z.string(), role: z.enum(Role) });
const notFromThisSite = {
  415: errorResponse('Not sent as `Content-Type: application/json`'),
  403: errorResponse('Sent from a page of another origin'),
};

const loginRoute = {
  tags: ['Access'],
  summary: 'Sign in: sets the `lc_session` cookie (HttpOnly, SameSite=Lax, 14 days)',
  body: loginSchema,
  response: {
    200: jsonResponse('Signed in', z.object({ user: userSchema })),
    401: errorResponse('Wrong email or password (or a disabled account)'),
    ...notFromThisSite,
    429: errorResponse('Five failed sign-ins in a minute from this address or for this account (see `Retry-After`)'),
  },
};

const logoutRoute = {
  tags: ['Access'],
  summary: 'Sign out: ends the session on the server and clears the cookie',
  response: {
    200: jsonResponse('Signed out (also when there was no session)', z.object({ signedOut: z.literal(true) })),
    ...notFromThisSite,
  },
};

const meRoute = {
  tags: ['Access'],
  summary: 'Who is asking: the session’s or the token’s user, with the scopes in effect',
  security: SIGNED_IN,
  response: {
    200: jsonResponse(
      'The user',
      z.object({
        user: userSchema,
        scopes: z.array(z.enum(SCOPES)),
        via: z.enum(['session', 'token']),
      }),
    ),
    401: errorResponse('Not signed in'),
  },
};

export function registerAuthRoutes(app: TypedApp, core: Core, limiter: RateLimiter) {
  app.post('/api/v1/auth/login', { schema: loginRoute, preValidation: fromThisSite }, async (req, reply) => {
    const { email, password } = req.body;
    // Every attempt is counted before its password is checked, and given back when it was
    // right: however many arrive at once, at most this many passwords a minute are tried per
    // address and per account.
    const keys = [`login:ip:${req.ip}`, `login:email:${email.toLowerCase()}`];
    const verdicts = await Promise.all(keys.map((key) => limiter.consume(key, LOGIN_FAILURES_PER_MINUTE)));
    const refused = verdicts.find((v): v is Extract<Verdict, { allowed: false }> => !v.allowed);
    if (refused) {
      void reply.header('retry-after', String(refused.retryAfterSeconds));
      throw new HttpError(
        429,
        'too_many_attempts',
        `too many failed sign-ins; try again in ${refused.retryAfterSeconds} s`,
      );
    }
    const signedIn = await login(core.prisma, email, password, req.headers['user-agent']);
    if (!signedIn) throw new HttpError(401, 'invalid_credentials', 'wrong email or password');
    await Promise.all(keys.map((key) => limiter.refund(key, LOGIN_FAILURES_PER_MINUTE)));
    req.log.info({ event: 'auth.login', userId: signedIn.user.id }, 'signed in');
    void reply.setCookie(SESSION_COOKIE, signedIn.session, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.protocol === 'https',
      path: '/',
      maxAge: SESSION_DAYS * 86_400,
    });
    const { id, name, role } = signedIn.user;
    return { user: { id, email: signedIn.user.email, name, role } };
  });

  app.post('/api/v1/auth/logout', { schema: logoutRoute, preValidation: fromThisSite }, async (req, reply) => {
    const session = req.cookies[SESSION_COOKIE];
    if (session) await logout(core.prisma, session);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { signedOut: true as const };
  });

  app.get('/api/v1/auth/me', { schema: meRoute }, async (req) => {
    const viewer = await resolveViewer(core, {
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    });
    if (!viewer) throw new HttpError(401, 'unauthenticated', 'not signed in');
    return { user: viewer.user, scopes: [...viewer.scopes].sort(), via: viewer.via };
  });
}
