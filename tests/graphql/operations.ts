// The GraphQL operations the tests use; `npm run codegen` types them.
import { graphql } from '../generated/gql.ts';

export const IssueFields = graphql(`
  fragment IssueFields on Issue {
    id
    fingerprint
    projectId
    source
    level
    errorType
    message
    filePath
    lineNumber
    status
    allowedTransitions
    occurrenceCount
    regressionCount
    firstSeen
    lastSeen
    environments
    claim {
      agentId
      expiresAt
    }
  }
`);

export const ProjectsQuery = graphql(`
  query Projects {
    projects {
      id
      name
      repoUrl
      localPath
      issueCounts {
        total
        byStatus {
          status
          count
        }
      }
    }
  }
`);

export const ProjectQuery = graphql(`
  query Project($id: String!) {
    project(id: $id) {
      id
      name
      issueCounts {
        total
        byStatus {
          status
          count
        }
      }
    }
  }
`);

export const IssuesQuery = graphql(`
  query Issues($filter: IssueFilter, $query: String, $orderBy: IssueOrder, $first: Int, $after: String) {
    issues(filter: $filter, query: $query, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...IssueFields
          project {
            id
            name
            repoUrl
            issueCounts {
              total
            }
          }
        }
      }
    }
  }
`);

export const IssueQuery = graphql(`
  query Issue($id: Int!, $first: Int, $after: String, $bucket: TimeBucket!, $from: DateTime, $to: DateTime) {
    issue(id: $id) {
      ...IssueFields
      project {
        id
        repoUrl
        localPath
      }
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
            environment
            version
            commitHash
            message
            stackTrace
            context
            userAgent
          }
        }
      }
      transitions {
        id
        from
        to
        actor
        by
        note
        details
        createdAt
        fix {
          outcome
          commit
          branch
          prUrl
          summary
        }
      }
      histogram(bucket: $bucket, from: $from, to: $to) {
        start
        count
      }
    }
  }
`);

export const StatsQuery = graphql(`
  query Stats($from: DateTime, $to: DateTime, $bucket: TimeBucket!, $projectIds: [String!]) {
    stats(from: $from, to: $to, bucket: $bucket, projectIds: $projectIds) {
      from
      to
      bucket
      totals {
        newIssues
        regressions
        occurrences
      }
      series {
        start
        newIssues
        regressions
        occurrences
      }
      bySource {
        source
        newIssues
        regressions
        occurrences
      }
      byProject {
        projectId
        project {
          name
        }
        newIssues
        regressions
        occurrences
      }
    }
  }
`);

export const TransitionIssueMutation = graphql(`
  mutation TransitionIssue($id: Int!, $to: IssueStatus!, $note: String) {
    transitionIssue(id: $id, to: $to, note: $note) {
      __typename
      ... on TransitionResult {
        issue {
          id
          status
          allowedTransitions
        }
        transition {
          from
          to
          actor
          note
        }
      }
      ... on IllegalTransitionError {
        message
        issueId
        from
        to
        allowed
      }
      ... on NotFoundError {
        message
        entity
        id
      }
    }
  }
`);

export const TransitionIssuesMutation = graphql(`
  mutation TransitionIssues($ids: [Int!]!, $to: IssueStatus!, $note: String) {
    transitionIssues(ids: $ids, to: $to, note: $note) {
      __typename
      ... on BulkTransitionResult {
        succeeded
        failed
        results {
          __typename
          ... on TransitionResult {
            issue {
              id
              status
            }
          }
          ... on Error {
            message
          }
        }
      }
      ... on ValidationError {
        message
      }
    }
  }
`);

export const UpdateProjectMutation = graphql(`
  mutation UpdateProject($id: String!, $input: ProjectInput!) {
    updateProject(id: $id, input: $input) {
      __typename
      ... on Project {
        id
        name
        repoUrl
        localPath
        description
        ingestKeyRequired
      }
      ... on ValidationError {
        message
        fieldErrors {
          path
          reason
        }
      }
      ... on NotFoundError {
        message
      }
    }
  }
`);

export const ClaimIssueMutation = graphql(`
  mutation ClaimIssue($id: Int!, $agentId: String!, $leaseSeconds: Int!) {
    claimIssue(id: $id, agentId: $agentId, leaseSeconds: $leaseSeconds) {
      __typename
      ... on TransitionResult {
        issue {
          id
          status
          claim {
            agentId
            expiresAt
          }
        }
      }
      ... on ClaimConflictError {
        message
        status
        claimedBy
      }
      ... on NotFoundError {
        message
      }
      ... on ValidationError {
        fieldErrors {
          path
          reason
        }
      }
    }
  }
`);

export const RenewClaimMutation = graphql(`
  mutation RenewClaim($id: Int!, $agentId: String!, $leaseSeconds: Int!) {
    renewClaim(id: $id, agentId: $agentId, leaseSeconds: $leaseSeconds) {
      __typename
      ... on Issue {
        id
        claim {
          agentId
          expiresAt
        }
      }
      ... on ClaimConflictError {
        message
      }
    }
  }
`);

export const ReleaseClaimMutation = graphql(`
  mutation ReleaseClaim($id: Int!, $agentId: String!, $note: String) {
    releaseClaim(id: $id, agentId: $agentId, note: $note) {
      __typename
      ... on TransitionResult {
        issue {
          id
          status
          claim {
            agentId
          }
        }
      }
      ... on ClaimConflictError {
        message
      }
    }
  }
`);

export const ReportFixMutation = graphql(`
  mutation ReportFix($input: ReportFixInput!) {
    reportFix(input: $input) {
      __typename
      ... on TransitionResult {
        issue {
          id
          status
          claim {
            agentId
          }
        }
        transition {
          from
          to
          actor
          fix {
            outcome
            commit
            branch
            prUrl
            summary
          }
        }
      }
      ... on ClaimConflictError {
        message
        claimedBy
      }
      ... on ValidationError {
        fieldErrors {
          path
          reason
        }
      }
    }
  }
`);

/** A second selection of the same events, for shared execution across subscribers. */
export const IssueEventMessagesSubscription = graphql(`
  subscription IssueEventMessages($filter: IssueEventFilter) {
    issueEvents(filter: $filter) {
      issue {
        id
        message
      }
    }
  }
`);

export const IssueEventsSubscription = graphql(`
  subscription IssueEvents($filter: IssueEventFilter) {
    issueEvents(filter: $filter) {
      kind
      issue {
        id
        projectId
        status
        occurrenceCount
        errorType
        project {
          name
        }
      }
      transition {
        from
        to
        actor
      }
    }
  }
`);

export const PendingFixSubscription = graphql(`
  subscription PendingFix($projectId: String, $includeBacklog: Boolean!) {
    pendingFixIssues(projectId: $projectId, includeBacklog: $includeBacklog) {
      id
      status
      errorType
      project {
        id
        repoUrl
        localPath
      }
    }
  }
`);
