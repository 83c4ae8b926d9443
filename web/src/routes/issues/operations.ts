// The issue list’s own operations (the list itself and its live events are in $lib/operations.ts).
// `npm run codegen` types them.
import { graphql } from '../../lib/generated/gql.ts';

export const ProjectIds = graphql(`
  query ProjectIds {
    projects {
      id
      name
    }
  }
`);

export const TransitionIssues = graphql(`
  mutation DashboardBulkTransition($ids: [Int!]!, $to: IssueStatus!, $note: String) {
    transitionIssues(ids: $ids, to: $to, note: $note) {
      __typename
      ... on BulkTransitionResult {
        succeeded
        failed
        results {
          __typename
          ... on TransitionResult {
            issue {
              ...IssueRow
            }
          }
          ... on IllegalTransitionError {
            issueId
            message
          }
          ... on NotFoundError {
            id
            message
          }
        }
      }
      ...Refusal
    }
  }
`);
