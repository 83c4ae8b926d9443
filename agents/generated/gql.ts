/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  subscription AgentPendingFix($projectId: String, $includeBacklog: Boolean!) {\n    pendingFixIssues(projectId: $projectId, includeBacklog: $includeBacklog) {\n      id\n      projectId\n      source\n      level\n      errorType\n      message\n      filePath\n      lineNumber\n      occurrenceCount\n      environments\n      project {\n        id\n        name\n        repoUrl\n        localPath\n      }\n      occurrences(first: 1) {\n        edges {\n          node {\n            timestamp\n            environment\n            version\n            commitHash\n            stackTrace\n            context\n          }\n        }\n      }\n    }\n  }\n": typeof types.AgentPendingFixDocument,
    "\n  mutation AgentClaim($id: Int!, $agentId: String!, $leaseSeconds: Int!) {\n    claimIssue(id: $id, agentId: $agentId, leaseSeconds: $leaseSeconds) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.AgentClaimDocument,
    "\n  mutation AgentRenew($id: Int!, $agentId: String!, $leaseSeconds: Int!) {\n    renewClaim(id: $id, agentId: $agentId, leaseSeconds: $leaseSeconds) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.AgentRenewDocument,
    "\n  mutation AgentRelease($id: Int!, $agentId: String!, $note: String) {\n    releaseClaim(id: $id, agentId: $agentId, note: $note) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.AgentReleaseDocument,
    "\n  mutation AgentReport($input: ReportFixInput!) {\n    reportFix(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.AgentReportDocument,
};
const documents: Documents = {
    "\n  subscription AgentPendingFix($projectId: String, $includeBacklog: Boolean!) {\n    pendingFixIssues(projectId: $projectId, includeBacklog: $includeBacklog) {\n      id\n      projectId\n      source\n      level\n      errorType\n      message\n      filePath\n      lineNumber\n      occurrenceCount\n      environments\n      project {\n        id\n        name\n        repoUrl\n        localPath\n      }\n      occurrences(first: 1) {\n        edges {\n          node {\n            timestamp\n            environment\n            version\n            commitHash\n            stackTrace\n            context\n          }\n        }\n      }\n    }\n  }\n": types.AgentPendingFixDocument,
    "\n  mutation AgentClaim($id: Int!, $agentId: String!, $leaseSeconds: Int!) {\n    claimIssue(id: $id, agentId: $agentId, leaseSeconds: $leaseSeconds) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.AgentClaimDocument,
    "\n  mutation AgentRenew($id: Int!, $agentId: String!, $leaseSeconds: Int!) {\n    renewClaim(id: $id, agentId: $agentId, leaseSeconds: $leaseSeconds) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.AgentRenewDocument,
    "\n  mutation AgentRelease($id: Int!, $agentId: String!, $note: String) {\n    releaseClaim(id: $id, agentId: $agentId, note: $note) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.AgentReleaseDocument,
    "\n  mutation AgentReport($input: ReportFixInput!) {\n    reportFix(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.AgentReportDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AgentPendingFix($projectId: String, $includeBacklog: Boolean!) {\n    pendingFixIssues(projectId: $projectId, includeBacklog: $includeBacklog) {\n      id\n      projectId\n      source\n      level\n      errorType\n      message\n      filePath\n      lineNumber\n      occurrenceCount\n      environments\n      project {\n        id\n        name\n        repoUrl\n        localPath\n      }\n      occurrences(first: 1) {\n        edges {\n          node {\n            timestamp\n            environment\n            version\n            commitHash\n            stackTrace\n            context\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription AgentPendingFix($projectId: String, $includeBacklog: Boolean!) {\n    pendingFixIssues(projectId: $projectId, includeBacklog: $includeBacklog) {\n      id\n      projectId\n      source\n      level\n      errorType\n      message\n      filePath\n      lineNumber\n      occurrenceCount\n      environments\n      project {\n        id\n        name\n        repoUrl\n        localPath\n      }\n      occurrences(first: 1) {\n        edges {\n          node {\n            timestamp\n            environment\n            version\n            commitHash\n            stackTrace\n            context\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentClaim($id: Int!, $agentId: String!, $leaseSeconds: Int!) {\n    claimIssue(id: $id, agentId: $agentId, leaseSeconds: $leaseSeconds) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AgentClaim($id: Int!, $agentId: String!, $leaseSeconds: Int!) {\n    claimIssue(id: $id, agentId: $agentId, leaseSeconds: $leaseSeconds) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentRenew($id: Int!, $agentId: String!, $leaseSeconds: Int!) {\n    renewClaim(id: $id, agentId: $agentId, leaseSeconds: $leaseSeconds) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AgentRenew($id: Int!, $agentId: String!, $leaseSeconds: Int!) {\n    renewClaim(id: $id, agentId: $agentId, leaseSeconds: $leaseSeconds) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentRelease($id: Int!, $agentId: String!, $note: String) {\n    releaseClaim(id: $id, agentId: $agentId, note: $note) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AgentRelease($id: Int!, $agentId: String!, $note: String) {\n    releaseClaim(id: $id, agentId: $agentId, note: $note) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AgentReport($input: ReportFixInput!) {\n    reportFix(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AgentReport($input: ReportFixInput!) {\n    reportFix(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;