import { describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { schema } from './schema.ts';
import { resultVariables } from './shared-execution.ts';

const variablesFor = (query: string, variables: Record<string, unknown>) =>
  resultVariables(schema, parse(query), undefined, variables);

describe('the variables a subscription result depends on', () => {
  const tail = `subscription ($projectId: String!, $pipeline: String!, $build: String!, $fromLine: Int!, $full: Boolean!) {
    buildLog(projectId: $projectId, pipeline: $pipeline, build: $build, fromLine: $fromLine) {
      status
      lines { lineNo message @include(if: $full) }
    }
  }`;

  it('leaves out what only chooses a build log’s events, and keeps what shapes the result', () => {
    const vars = { projectId: 'p', pipeline: 'CI', build: '7', fromLine: 1234, full: true };
    expect(variablesFor(tail, vars)).toEqual({ full: true });
    expect(variablesFor(tail, { ...vars, fromLine: 1 })).toEqual(variablesFor(tail, vars));
  });

  it('leaves out the arguments of every marked root field, and keeps a variable used in a selection', () => {
    const query = `subscription ($projectId: String!, $pipeline: String!, $build: String!) {
      buildLog(projectId: $projectId, pipeline: $pipeline, build: $build) { lines { tag @skip(if: false) } }
      alsoShaped: buildLog(projectId: $projectId, pipeline: $pipeline, build: $build) { status }
    }`;
    expect(variablesFor(query, { projectId: 'p', pipeline: 'CI', build: '7' })).toEqual({});
    const shaping = `subscription ($build: String!, $b: Boolean!) {
      buildLog(projectId: "p", pipeline: "CI", build: $build) { status lines @include(if: $b) { lineNo } }
    }`;
    expect(variablesFor(shaping, { build: '7', b: false })).toEqual({ b: false });
  });

  it('keeps every variable of other subscriptions and of queries', () => {
    const events = 'subscription ($f: IssueEventFilter) { issueEvents(filter: $f) { kind } }';
    expect(variablesFor(events, { f: { projectIds: ['p'] } })).toEqual({ f: { projectIds: ['p'] } });
    const query = 'query ($p: String!) { build(projectId: $p, pipeline: "CI", build: "1") { status } }';
    expect(variablesFor(query, { p: 'x' })).toEqual({ p: 'x' });
  });
});
