// The GraphQL operations of the example repair agent; `npm run codegen` types them.
import { graphql } from './generated/gql.ts';

export const PendingFix = graphql(`
  subscription AgentPendingFix($projectId: String, $includeBacklog: Boolean!) {
    pendingFixIssues(projectId: $projectId, includeBacklog: $includeBacklog) {
      id
      projectId
      source
      level
      errorType
      message
      filePath
      lineNumber
      occurrenceCount
      environments
      project {
        id
        name
        repoUrl
        localPath
      }
      occurrences(first: 1) {
        edges {
          node {
            timestamp
            environment
            version
            commitHash
            stackTrace
            context
          }
        }
      }
    }
  }
`);

export const Claim = graphql(`
  mutation AgentClaim($id: Int!, $agentId: String!, $leaseSeconds: Int!) {
    claimIssue(id: $id, agentId: $agentId, leaseSeconds: $leaseSeconds) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const Renew = graphql(`
  mutation AgentRenew($id: Int!, $agentId: String!, $leaseSeconds: Int!) {
    renewClaim(id: $id, agentId: $agentId, leaseSeconds: $leaseSeconds) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const Release = graphql(`
  mutation AgentRelease($id: Int!, $agentId: String!, $note: String) {
    releaseClaim(id: $id, agentId: $agentId, note: $note) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const Report = graphql(`
  mutation AgentReport($input: ReportFixInput!) {
    reportFix(input: $input) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);
