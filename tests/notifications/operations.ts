import { graphql } from '../generated/gql.ts';

export const CreateRule = graphql(`
  mutation CreateRule($projectId: String!, $input: NotificationRuleInput!) {
    createNotificationRule(projectId: $projectId, input: $input) {
      __typename
      ... on NotificationRule {
        id
        name
        channel
        hasSecret
        onNew
        onRegression
        onStatuses
        minIntervalSeconds
      }
      ... on ValidationError {
        fieldErrors {
          path
          reason
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const UpdateRule = graphql(`
  mutation UpdateRule($id: Int!, $input: NotificationRuleInput!) {
    updateNotificationRule(id: $id, input: $input) {
      __typename
      ... on NotificationRule {
        id
        enabled
        hasSecret
      }
      ... on Error {
        message
      }
    }
  }
`);

export const TestRule = graphql(`
  mutation TestRule($id: Int!) {
    testNotificationRule(id: $id) {
      __typename
      ... on NotificationDelivery {
        id
        status
      }
    }
  }
`);

export const RuleDeliveries = graphql(`
  query RuleDeliveries($projectId: String!) {
    project(id: $projectId) {
      notificationRules {
        id
        name
        deliveries(first: 10) {
          totalCount
          edges {
            node {
              id
              status
              eventCount
              events
              attempts
              lastError
              sentAt
              attemptLog {
                attempt
                ok
                responseStatus
                error
              }
            }
          }
        }
      }
    }
  }
`);
