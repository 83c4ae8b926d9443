// Who may do what. A user's role gives a set of scopes; an API token has its own scopes,
// never more than its user's. Every GraphQL field and REST route names the scope it needs.
import type { Role, TokenScope } from '../generated/prisma/enums.ts';

export const SCOPES = ['read', 'triage', 'agent', 'release', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

const IMPLIED: Record<Scope, Scope[]> = {
  read: ['read'],
  triage: ['triage', 'read'],
  agent: ['agent', 'read'],
  release: ['release', 'read'],
  admin: ['admin', 'triage', 'agent', 'release', 'read'],
};

export const ROLE_SCOPES: Record<Role, Scope[]> = {
  VIEWER: ['read'],
  MEMBER: ['read', 'triage', 'agent', 'release'],
  ADMIN: ['read', 'triage', 'agent', 'release', 'admin'],
};

export const scopeOf = (scope: TokenScope): Scope => scope.toLowerCase() as Scope;

/** Every scope that `granted` amounts to, implied ones included. */
export function expand(granted: Scope[]): Set<Scope> {
  return new Set(granted.flatMap((s) => IMPLIED[s]));
}

/** A token's effective scopes: what it was given, within what its user's role allows. */
export function tokenScopes(role: Role, scopes: TokenScope[]): Set<Scope> {
  const allowed = expand(ROLE_SCOPES[role]);
  return new Set([...expand(scopes.map(scopeOf))].filter((s) => allowed.has(s)));
}

/**
 * `signed-in`: anyone signed in or with a token, reading who they are. `account`: changing or
 * reading one's own credentials (password, sessions, tokens) — a dashboard session, or a
 * token with the admin scope: a READ token must not mint an ADMIN one, end its user's
 * browser sessions or revoke the user's other tokens.
 */
export type Requirement = Scope | 'signed-in' | 'account';

/** What a request is authorized by: the scopes it has, and whether it came through a session or a token. */
export type Credential = { scopes: Set<Scope>; via: 'session' | 'token' };

/**
 * What each root field of the GraphQL schema needs. A test checks that every root field is
 * here, so a new one cannot be added without saying who may use it.
 */
export const ROOT_FIELDS: Record<'Query' | 'Mutation' | 'Subscription', Record<string, Requirement>> = {
  Query: {
    issue: 'read',
    issues: 'read',
    project: 'read',
    projects: 'read',
    stats: 'read',
    me: 'signed-in',
    apiTokens: 'account',
    sessions: 'account',
    users: 'admin',
    builds: 'read',
    build: 'read',
    pipelines: 'read',
    releases: 'read',
    release: 'read',
  },
  Mutation: {
    transitionIssue: 'triage',
    transitionIssues: 'triage',
    claimIssue: 'agent',
    renewClaim: 'agent',
    releaseClaim: 'agent',
    reportFix: 'agent',
    updateProject: 'admin',
    createProjectKey: 'admin',
    updateProjectKey: 'admin',
    deleteProjectKey: 'admin',
    createNotificationRule: 'admin',
    updateNotificationRule: 'admin',
    deleteNotificationRule: 'admin',
    testNotificationRule: 'admin',
    createUser: 'admin',
    updateUser: 'admin',
    changePassword: 'account',
    createApiToken: 'account',
    revokeApiToken: 'account',
    endSessions: 'account',
    createRelease: 'release',
    finalizeRelease: 'release',
    setReleaseCommits: 'release',
    createDeploy: 'release',
    deleteRelease: 'release',
  },
  Subscription: { issueEvents: 'read', pendingFixIssues: 'agent', buildLog: 'read', buildChanged: 'read' },
};

/** Whether `credential` (null: anonymous) meets `requirement`. */
export function allows(credential: Credential | null, requirement: Requirement): boolean {
  if (!credential) return false;
  if (requirement === 'signed-in') return true;
  if (requirement === 'account') return credential.via === 'session' || credential.scopes.has('admin');
  return credential.scopes.has(requirement);
}
