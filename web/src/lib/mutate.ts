// Mutations answer their result type or one of the schema's Error types (ValidationError,
// NotFoundError, IllegalTransitionError, …). mutate() runs one and sorts the answer: the
// result, or the message to show and, for a ValidationError, the reason by field.
import type { AnyVariables, Client, TypedDocumentNode } from '@urql/svelte';
import { fieldErrorsOf } from './field-errors.ts';
import type { RefusalFragment } from './generated/graphql.ts';

type Answer = { __typename?: string } & Partial<RefusalFragment>;

/** `type`: the error type answered (e.g. NotFoundError), or null when the request itself failed. */
export type Refused = { ok: false; type: string | null; message: string; fieldErrors: Record<string, string> };
export type Mutated<R, T extends string> = { ok: true; value: Extract<R, { __typename: T }> } | Refused;

/**
 * `field`: the mutation's root field; `success`: the type it answers when it worked;
 * `fallback`: what to say when neither the answer nor the transport says why it failed.
 */
export async function mutate<D, V extends AnyVariables, K extends keyof D, T extends string>(
  client: Client,
  document: TypedDocumentNode<D, V>,
  variables: V,
  field: K,
  success: T,
  fallback: string,
): Promise<Mutated<NonNullable<D[K]>, T>> {
  const r = await client.mutation(document, variables).toPromise();
  const answer = (r.data?.[field] ?? null) as (NonNullable<D[K]> & Answer) | null;
  if (answer?.__typename === success)
    return { ok: true, value: answer as Extract<NonNullable<D[K]>, { __typename: T }> };
  return {
    ok: false,
    type: answer?.__typename ?? null,
    message: answer?.message || r.error?.message || fallback,
    fieldErrors: fieldErrorsOf(answer),
  };
}
