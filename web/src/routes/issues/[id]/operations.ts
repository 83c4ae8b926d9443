// One issue’s page: its details, occurrences and moves.
// `npm run codegen` types them.
import { graphql } from '../../../lib/generated/gql.ts';

export const IssueDetail = graphql(`
  query IssueDetail($id: Int!, $bucket: TimeBucket!) {
    issue(id: $id) {
      ...IssueRow
      fingerprint
      statusChangedAt
      lastRegressedAt
      claim {
        agentId
        claimedAt
        expiresAt
      }
      project {
        id
        name
        repoUrl
        repositoryUrl
        localPath
      }
      firstRelease {
        version
      }
      lastRelease {
        version
      }
      fixedInRelease {
        version
      }
      fixAwaitsReleaseSince
      seenInOlderReleaseCount
      seenInOlderReleaseAt
      suspectCommits {
        sha
        shortSha
        url
        message
        authorName
        committedAt
      }
      transitions {
        id
        from
        to
        actor
        by
        note
        createdAt
        fixCommitUrl
        fix {
          outcome
          commit
          branch
          prUrl
          summary
        }
      }
      histogram(bucket: $bucket) {
        start
        count
      }
    }
  }
`);

export const IssueOccurrences = graphql(`
  query IssueOccurrences($id: Int!, $first: Int!, $after: String) {
    issue(id: $id) {
      id
      occurrences(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            timestamp
            receivedAt
            environment
            level
            message
            filePath
            lineNumber
            version
            commit
            commitUrl
            stackTrace
            context
            remoteAddr
            userAgent
            build {
              ...BuildRow
              failingStep {
                ...BuildStepFields
              }
            }
          }
        }
      }
    }
  }
`);

export const TransitionIssue = graphql(`
  mutation DashboardTransition(
    $id: Int!
    $to: IssueStatus!
    $note: String
    $inRelease: String
    $inNextRelease: Boolean
  ) {
    transitionIssue(id: $id, to: $to, note: $note, inRelease: $inRelease, inNextRelease: $inNextRelease) {
      __typename
      ... on TransitionResult {
        issue {
          ...IssueRow
        }
      }
      ...Refusal
    }
  }
`);

export const ProjectReleaseVersions = graphql(`
  query ProjectReleaseVersions($projectId: String!) {
    releases(projectId: $projectId, first: 50) {
      version
      createdAt
    }
  }
`);

export const IssueAgentMarkdown = graphql(`
  query IssueAgentMarkdown($id: Int!) {
    issue(id: $id) {
      id
      agentMarkdown
    }
  }
`);
