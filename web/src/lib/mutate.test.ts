import { describe, expect, it } from 'vitest';
import { Client, CombinedError, type Exchange } from '@urql/core';
import { map, pipe } from 'wonka';
import { mutate } from './mutate.ts';
import { TransitionIssues } from '../routes/issues/operations.ts';

/** A client whose every operation gets `answer`, as the server's transport would hand it over. */
function answering(answer: { data?: unknown; networkError?: string }): Client {
  const server: Exchange = () => (operations) =>
    pipe(
      operations,
      map((operation) => ({
        operation,
        data: answer.data,
        error: answer.networkError ? new CombinedError({ networkError: new Error(answer.networkError) }) : undefined,
        stale: false,
        hasNext: false,
      })),
    );
  return new Client({ url: 'http://localhost/graphql', exchanges: [server] });
}

const vars = { ids: [1], to: 'VERIFYING' as const, note: null };
const bulk = { __typename: 'BulkTransitionResult', succeeded: 1, failed: 0, results: [] };

describe('mutate', () => {
  it('gives the result when the mutation answers its own type', async () => {
    const r = await mutate(
      answering({ data: { transitionIssues: bulk } }),
      TransitionIssues,
      vars,
      'transitionIssues',
      'BulkTransitionResult',
      'failed',
    );
    expect(r).toEqual({ ok: true, value: bulk });
  });

  it('gives the message and the reasons by field of an error type', async () => {
    const refusal = {
      __typename: 'ValidationError',
      message: 'invalid input: ids at most 500 issues at once',
      fieldErrors: [{ path: 'ids', reason: 'at most 500 issues at once' }],
    };
    const r = await mutate(
      answering({ data: { transitionIssues: refusal } }),
      TransitionIssues,
      vars,
      'transitionIssues',
      'BulkTransitionResult',
      'failed',
    );
    expect(r).toEqual({
      ok: false,
      type: 'ValidationError',
      message: refusal.message,
      fieldErrors: { ids: 'at most 500 issues at once' },
    });
  });

  it('falls back on the transport’s message, then on its own', async () => {
    const failed = await mutate(
      answering({ networkError: 'network down' }),
      TransitionIssues,
      vars,
      'transitionIssues',
      'BulkTransitionResult',
      'failed',
    );
    expect(failed).toMatchObject({ ok: false, type: null, message: expect.stringContaining('network down') });
    const empty = await mutate(
      answering({ data: { transitionIssues: null } }),
      TransitionIssues,
      vars,
      'transitionIssues',
      'BulkTransitionResult',
      'the change failed',
    );
    expect(empty).toEqual({ ok: false, type: null, message: 'the change failed', fieldErrors: {} });
  });
});
