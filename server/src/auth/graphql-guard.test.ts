import { readFileSync } from 'node:fs';
import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { authorizeOperation } from './graphql-guard.ts';
import { expand, ROOT_FIELDS } from './permissions.ts';

const schema = buildSchema(readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8'));

describe('ROOT_FIELDS', () => {
  it('names every root field of the schema, and nothing else', () => {
    for (const type of ['Query', 'Mutation', 'Subscription'] as const) {
      const fields = Object.keys(
        schema.getType(type) ? (schema.getType(type) as { getFields(): object }).getFields() : {},
      ).sort();
      expect(Object.keys(ROOT_FIELDS[type]).sort(), type).toEqual(fields);
    }
  });
});

describe('authorizeOperation', () => {
  const check = (query: string, scopes: Parameters<typeof expand>[0] | null, name?: string) =>
    authorizeOperation(parse(query), name, scopes ? { scopes: expand(scopes), via: 'token' } : null)?.extensions.code ??
    'OK';

  it('refuses anonymous callers with UNAUTHENTICATED', () => {
    expect(check('{ projects { id } }', null)).toBe('UNAUTHENTICATED');
  });

  it('refuses a missing permission with FORBIDDEN and allows what is granted', () => {
    expect(check('{ projects { id } }', ['read'])).toBe('OK');
    expect(check('mutation { transitionIssue(id: 1, to: VERIFYING) { __typename } }', ['read'])).toBe('FORBIDDEN');
    expect(check('mutation { transitionIssue(id: 1, to: VERIFYING) { __typename } }', ['triage'])).toBe('OK');
    expect(check('mutation { updateProject(id: "a", input: {}) { __typename } }', ['triage', 'agent'])).toBe(
      'FORBIDDEN',
    );
    expect(check('subscription { pendingFixIssues { id } }', ['read'])).toBe('FORBIDDEN');
    expect(check('subscription { pendingFixIssues { id } }', ['agent'])).toBe('OK');
  });

  it('lets account operations through for a session, or a token with the admin scope only', () => {
    const mint = 'mutation { createApiToken(input: { name: "t", scopes: [ADMIN] }) { __typename } }';
    const authorize = (via: 'session' | 'token', scopes: Parameters<typeof expand>[0]) =>
      authorizeOperation(parse(mint), undefined, { scopes: expand(scopes), via });
    expect(authorize('session', ['read'])).toBeNull();
    expect(authorize('token', ['admin'])).toBeNull();
    for (const scopes of [['read'], ['triage'], ['agent'], ['read', 'triage', 'agent']] as const) {
      expect(authorize('token', [...scopes])?.message, scopes.join()).toBe(
        'createApiToken needs a dashboard sign-in or a token with the ADMIN scope',
      );
    }
  });

  it('looks through fragments, and checks the operation that runs', () => {
    const doc = 'query A { ...F } query B { __typename } fragment F on Query { stats(from: "x") { __typename } }';
    expect(check(doc, null, 'A')).toBe('UNAUTHENTICATED');
    expect(check(doc, null, 'B')).toBe('OK');
    expect(check('{ ... on Query { issues { totalCount } } }', null)).toBe('UNAUTHENTICATED');
  });
});
