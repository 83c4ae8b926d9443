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
    "\n  mutation CliCreateRelease($input: ReleaseInput!) {\n    createRelease(input: $input) {\n      __typename\n      ... on Release {\n        version\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.CliCreateReleaseDocument,
    "\n  mutation CliFinalizeRelease($version: String!) {\n    finalizeRelease(version: $version) {\n      __typename\n      ... on Release {\n        releasedAt\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.CliFinalizeReleaseDocument,
    "\n  query CliPreviousRelease($version: String!) {\n    release(version: $version) {\n      previousWithCommits {\n        version\n        commits {\n          sha\n        }\n      }\n    }\n  }\n": typeof types.CliPreviousReleaseDocument,
    "\n  mutation CliSetCommits($version: String!, $commits: [ReleaseCommitInput!]!) {\n    setReleaseCommits(version: $version, commits: $commits) {\n      __typename\n      ... on Release {\n        commitCount\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.CliSetCommitsDocument,
    "\n  mutation CliDeploy($version: String!, $input: DeployInput!) {\n    createDeploy(version: $version, input: $input) {\n      __typename\n      ... on Deploy {\n        environment\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.CliDeployDocument,
    "\n  query CliReleases($projectId: String) {\n    releases(projectId: $projectId, first: 50) {\n      version\n      createdAt\n      releasedAt\n      newIssueCount\n      eventCount\n      lastDeploy {\n        environment\n        finishedAt\n      }\n    }\n  }\n": typeof types.CliReleasesDocument,
    "\n  query CliRelease($version: String!) {\n    release(version: $version) {\n      version\n      createdAt\n      releasedAt\n      url\n      projects {\n        id\n      }\n      newIssueCount\n      eventCount\n      commits {\n        shortSha\n        message\n      }\n      deploys {\n        environment\n        name\n        finishedAt\n      }\n    }\n  }\n": typeof types.CliReleaseDocument,
};
const documents: Documents = {
    "\n  mutation CliCreateRelease($input: ReleaseInput!) {\n    createRelease(input: $input) {\n      __typename\n      ... on Release {\n        version\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.CliCreateReleaseDocument,
    "\n  mutation CliFinalizeRelease($version: String!) {\n    finalizeRelease(version: $version) {\n      __typename\n      ... on Release {\n        releasedAt\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.CliFinalizeReleaseDocument,
    "\n  query CliPreviousRelease($version: String!) {\n    release(version: $version) {\n      previousWithCommits {\n        version\n        commits {\n          sha\n        }\n      }\n    }\n  }\n": types.CliPreviousReleaseDocument,
    "\n  mutation CliSetCommits($version: String!, $commits: [ReleaseCommitInput!]!) {\n    setReleaseCommits(version: $version, commits: $commits) {\n      __typename\n      ... on Release {\n        commitCount\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.CliSetCommitsDocument,
    "\n  mutation CliDeploy($version: String!, $input: DeployInput!) {\n    createDeploy(version: $version, input: $input) {\n      __typename\n      ... on Deploy {\n        environment\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.CliDeployDocument,
    "\n  query CliReleases($projectId: String) {\n    releases(projectId: $projectId, first: 50) {\n      version\n      createdAt\n      releasedAt\n      newIssueCount\n      eventCount\n      lastDeploy {\n        environment\n        finishedAt\n      }\n    }\n  }\n": types.CliReleasesDocument,
    "\n  query CliRelease($version: String!) {\n    release(version: $version) {\n      version\n      createdAt\n      releasedAt\n      url\n      projects {\n        id\n      }\n      newIssueCount\n      eventCount\n      commits {\n        shortSha\n        message\n      }\n      deploys {\n        environment\n        name\n        finishedAt\n      }\n    }\n  }\n": types.CliReleaseDocument,
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
export function graphql(source: "\n  mutation CliCreateRelease($input: ReleaseInput!) {\n    createRelease(input: $input) {\n      __typename\n      ... on Release {\n        version\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CliCreateRelease($input: ReleaseInput!) {\n    createRelease(input: $input) {\n      __typename\n      ... on Release {\n        version\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliFinalizeRelease($version: String!) {\n    finalizeRelease(version: $version) {\n      __typename\n      ... on Release {\n        releasedAt\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CliFinalizeRelease($version: String!) {\n    finalizeRelease(version: $version) {\n      __typename\n      ... on Release {\n        releasedAt\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliPreviousRelease($version: String!) {\n    release(version: $version) {\n      previousWithCommits {\n        version\n        commits {\n          sha\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliPreviousRelease($version: String!) {\n    release(version: $version) {\n      previousWithCommits {\n        version\n        commits {\n          sha\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliSetCommits($version: String!, $commits: [ReleaseCommitInput!]!) {\n    setReleaseCommits(version: $version, commits: $commits) {\n      __typename\n      ... on Release {\n        commitCount\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CliSetCommits($version: String!, $commits: [ReleaseCommitInput!]!) {\n    setReleaseCommits(version: $version, commits: $commits) {\n      __typename\n      ... on Release {\n        commitCount\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CliDeploy($version: String!, $input: DeployInput!) {\n    createDeploy(version: $version, input: $input) {\n      __typename\n      ... on Deploy {\n        environment\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CliDeploy($version: String!, $input: DeployInput!) {\n    createDeploy(version: $version, input: $input) {\n      __typename\n      ... on Deploy {\n        environment\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliReleases($projectId: String) {\n    releases(projectId: $projectId, first: 50) {\n      version\n      createdAt\n      releasedAt\n      newIssueCount\n      eventCount\n      lastDeploy {\n        environment\n        finishedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliReleases($projectId: String) {\n    releases(projectId: $projectId, first: 50) {\n      version\n      createdAt\n      releasedAt\n      newIssueCount\n      eventCount\n      lastDeploy {\n        environment\n        finishedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CliRelease($version: String!) {\n    release(version: $version) {\n      version\n      createdAt\n      releasedAt\n      url\n      projects {\n        id\n      }\n      newIssueCount\n      eventCount\n      commits {\n        shortSha\n        message\n      }\n      deploys {\n        environment\n        name\n        finishedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query CliRelease($version: String!) {\n    release(version: $version) {\n      version\n      createdAt\n      releasedAt\n      url\n      projects {\n        id\n      }\n      newIssueCount\n      eventCount\n      commits {\n        shortSha\n        message\n      }\n      deploys {\n        environment\n        name\n        finishedAt\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;