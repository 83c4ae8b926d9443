// Who may do what. A user's role gives a set of scopes; an API token has its own scopes,
// never more than its user's. Every GraphQL field and REST route names the scope it needs.
import type { Role, TokenScope } from '../generated/prisma/enums.ts';

export type Scope = 'read' | 'triage' | 'agent' | 'admin';

const IMPLIED: Record<Scope, Scope[]> = {
  read: ['read'],
  triage: ['triage', 'read'],
  agent: ['agent', 'read'],
  admin: ['admin', 'triage', 'agent', 'read'],
};

export const ROLE_SCOPES: Record<Role, Scope[]> = {
  VIEWER: ['read'],
  MEMBER: ['read', 'triage', 'agent'],
  ADMIN: ['read', 'triage', 'agent', 'admin'],
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

/** `signed-in`: anyone who is signed in, acting on their own account. */
export type Requirement = Scope | 'signed-in';

/**
 * What each root field of the GraphQL schema needs. A test checks that every root field is
 * here, so a new one cannot be added without saying who may use it.
 */
export const ROOT_FIELDS: Record<'Query' | 'Mutation' | 'Subscription', Record<string, Requirement>> = {
  Query: { issue: 'read', issues: 'read', project: 'read', projects: 'read', stats: 'read', me: 'signed-in', apiTokens: 'signed-in', sessions: 'signed-in', users: 'admin' },
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
    changePassword: 'signed-in',
    createApiToken: 'signed-in',
    revokeApiToken: 'signed-in',
    endSessions: 'signed-in',
  },
  Subscription: { issueEvents: 'read', pendingFixIssues: 'agent' },
};

/** Whether a viewer with `scopes` (null: anonymous) meets `requirement`. */
export function allows(scopes: Set<Scope> | null, requirement: Requirement): boolean {
  if (!scopes) return false;
  return requirement === 'signed-in' || scopes.has(requirement);
}
