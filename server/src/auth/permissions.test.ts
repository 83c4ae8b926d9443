import { describe, expect, it } from 'vitest';
import { expand, tokenScopes } from './permissions.ts';

describe('scopes', () => {
  it('admin implies everything, triage, agent and release imply read', () => {
    expect([...expand(['admin'])].sort()).toEqual(['admin', 'agent', 'read', 'release', 'triage']);
    expect([...expand(['triage'])].sort()).toEqual(['read', 'triage']);
    expect([...expand(['agent'])].sort()).toEqual(['agent', 'read']);
    expect([...expand(['release'])].sort()).toEqual(['read', 'release']);
    expect([...expand(['read'])]).toEqual(['read']);
  });

  it('a token never has more than its user’s role', () => {
    expect([...tokenScopes('VIEWER', ['ADMIN'])]).toEqual(['read']);
    expect([...tokenScopes('MEMBER', ['ADMIN'])].sort()).toEqual(['agent', 'read', 'release', 'triage']);
    expect([...tokenScopes('ADMIN', ['AGENT'])].sort()).toEqual(['agent', 'read']);
    expect([...tokenScopes('MEMBER', [])]).toEqual([]);
  });
});
