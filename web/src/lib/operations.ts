// The operations more than one page uses; each page's own are next to it, in its route's
// operations.ts. `npm run codegen` types them.
import { graphql } from './generated/gql.ts';

/** Why a mutation was refused, as mutate() reads it: the message, and the fields at fault. */
export const Refusal = graphql(`
  fragment Refusal on Error {
    message
    ... on ValidationError {
      fieldErrors {
        path
        reason
      }
    }
  }
`);

export const IssueRow = graphql(`
  fragment IssueRow on Issue {
    id
    projectId
    source
    level
    errorType
    message
    filePath
    lineNumber
    status
    occurrenceCount
    regressionCount
    firstSeen
    lastSeen
    environments
    allowedTransitions
  }
`);

export const IssuesPage = graphql(`
  query IssuesPage($filter: IssueFilter, $query: String, $orderBy: IssueOrder, $first: Int, $after: String) {
    issues(filter: $filter, query: $query, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...IssueRow
        }
      }
    }
  }
`);

export const Overview = graphql(`
  query Overview($from: DateTime, $bucket: TimeBucket!, $since: DateTime) {
    stats(from: $from, bucket: $bucket) {
      from
      to
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
    open: issues(filter: { statuses: [NEW, VERIFYING, PENDING_FIX, FIXING, FIX_FAILED] }, first: 0) {
      totalCount
    }
    top: issues(filter: { lastSeenAfter: $since }, orderBy: { field: COUNT }, first: 8) {
      edges {
        node {
          ...IssueRow
        }
      }
    }
  }
`);

export const LiveEvents = graphql(`
  subscription LiveEvents($filter: IssueEventFilter) {
    issueEvents(filter: $filter) {
      kind
      issue {
        ...IssueRow
      }
      transition {
        from
        to
        actor
        createdAt
      }
    }
  }
`);
