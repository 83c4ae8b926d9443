// Checks an operation's root fields against ROOT_FIELDS before it runs, over HTTP and
// WebSocket alike: one table says who may do what, and it is tested against the schema.
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { allows, ROOT_FIELDS, type Credential, type Requirement } from './permissions.ts';

const ROOT_TYPE = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;

function rootFields(selections: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, out: Set<string>) {
  for (const s of selections.selections) {
    if (s.kind === Kind.FIELD) out.add(s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) rootFields(s.selectionSet, fragments, out);
    else {
      const fragment = fragments.get(s.name.value);
      if (fragment) rootFields(fragment.selectionSet, fragments, out);
    }
  }
  return out;
}

const NEEDS: Record<Requirement, string> = {
  read: 'the read permission',
  triage: 'the triage permission',
  agent: 'the agent permission',
  release: 'the release permission',
  admin: 'the admin permission',
  'signed-in': 'a sign-in',
  account: 'a dashboard sign-in or a token with the ADMIN scope',
};

/** The error that stops the operation, or null when `credential` allows every root field of it. */
export function authorizeOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
  credential: Credential | null,
): GraphQLError | null {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) return null; // graphql-js reports the missing operation itself
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const table = ROOT_FIELDS[ROOT_TYPE[operation.operation]];
  for (const field of rootFields(operation.selectionSet, fragments, new Set())) {
    if (field.startsWith('__')) continue; // __typename, and introspection where it is enabled
    const requirement = table[field];
    if (!requirement) continue; // an unknown field fails validation
    if (allows(credential, requirement)) continue;
    return credential
      ? new GraphQLError(`${field} needs ${NEEDS[requirement]}`, {
          extensions: { code: 'FORBIDDEN', http: { status: 403 } },
        })
      : new GraphQLError('sign in, or send an API token (Authorization: Bearer …)', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
  }
  return null;
}
