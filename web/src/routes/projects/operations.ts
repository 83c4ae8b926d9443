// Projects: their metadata, keys and notification rules.
// `npm run codegen` types them.
import { graphql } from '../../lib/generated/gql.ts';

export const ProjectsPage = graphql(`
  query ProjectsPage {
    projects {
      id
      name
      repoUrl
      localPath
      description
      ingestKeyRequired
      productionEnvironment
      keys {
        publicKey
        enabled
      }
      createdAt
      updatedAt
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

export const UpdateProject = graphql(`
  mutation DashboardUpdateProject($id: String!, $input: ProjectInput!) {
    updateProject(id: $id, input: $input) {
      __typename
      ... on Project {
        id
        name
        repoUrl
        localPath
        description
        ingestKeyRequired
        productionEnvironment
        updatedAt
      }
      ...Refusal
    }
  }
`);

export const ProjectSettings = graphql(`
  query ProjectSettings($id: String!) {
    project(id: $id) {
      id
      dsnId
      keys {
        id
        label
        publicKey
        enabled
        rateLimitPerMinute
        dsn
        createdAt
      }
      notificationRules {
        id
        name
        channel
        target
        hasSecret
        onNew
        onRegression
        onStatuses
        enabled
        minIntervalSeconds
        deliveries(first: 5) {
          totalCount
          edges {
            node {
              id
              status
              eventCount
              attempts
              lastError
              createdAt
              sentAt
            }
          }
        }
      }
      changes {
        id
        actor
        remoteAddr
        changes
        createdAt
      }
    }
  }
`);

export const CreateProjectKey = graphql(`
  mutation DashboardCreateKey($projectId: String!, $input: ProjectKeyInput) {
    createProjectKey(projectId: $projectId, input: $input) {
      __typename
      ...Refusal
    }
  }
`);

export const UpdateProjectKey = graphql(`
  mutation DashboardUpdateKey($id: Int!, $input: ProjectKeyInput!) {
    updateProjectKey(id: $id, input: $input) {
      __typename
      ...Refusal
    }
  }
`);

export const DeleteProjectKey = graphql(`
  mutation DashboardDeleteKey($id: Int!) {
    deleteProjectKey(id: $id) {
      __typename
    }
  }
`);

export const CreateNotificationRule = graphql(`
  mutation DashboardCreateRule($projectId: String!, $input: NotificationRuleInput!) {
    createNotificationRule(projectId: $projectId, input: $input) {
      __typename
      ...Refusal
    }
  }
`);

export const UpdateNotificationRule = graphql(`
  mutation DashboardUpdateRule($id: Int!, $input: NotificationRuleInput!) {
    updateNotificationRule(id: $id, input: $input) {
      __typename
      ...Refusal
    }
  }
`);

export const DeleteNotificationRule = graphql(`
  mutation DashboardDeleteRule($id: Int!) {
    deleteNotificationRule(id: $id) {
      __typename
    }
  }
`);

export const TestNotificationRule = graphql(`
  mutation DashboardTestRule($id: Int!) {
    testNotificationRule(id: $id) {
      __typename
    }
  }
`);
