// The dashboard's GraphQL operations; `npm run codegen` types them.
import { graphql } from './generated/gql.ts';

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

export const ProjectIds = graphql(`
  query ProjectIds {
    projects {
      id
      name
    }
  }
`);

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
        localPath
      }
      transitions {
        id
        from
        to
        actor
        by
        note
        createdAt
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
            commitHash
            stackTrace
            context
            remoteAddr
            userAgent
          }
        }
      }
    }
  }
`);

export const TransitionIssue = graphql(`
  mutation DashboardTransition($id: Int!, $to: IssueStatus!, $note: String) {
    transitionIssue(id: $id, to: $to, note: $note) {
      __typename
      ... on TransitionResult {
        issue {
          ...IssueRow
        }
      }
      ... on Error {
        message
      }
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
      ... on Error {
        message
      }
    }
  }
`);

export const ProjectsPage = graphql(`
  query ProjectsPage {
    projects {
      id
      name
      repoUrl
      localPath
      description
      ingestKeyRequired
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
        updatedAt
      }
      ... on ValidationError {
        message
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
      ... on Error {
        message
      }
    }
  }
`);

export const UpdateProjectKey = graphql(`
  mutation DashboardUpdateKey($id: Int!, $input: ProjectKeyInput!) {
    updateProjectKey(id: $id, input: $input) {
      __typename
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

export const UpdateNotificationRule = graphql(`
  mutation DashboardUpdateRule($id: Int!, $input: NotificationRuleInput!) {
    updateNotificationRule(id: $id, input: $input) {
      __typename
      ... on Error {
        message
      }
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

export const AccountPage = graphql(`
  query AccountPage {
    me {
      id
      email
      name
      role
      tokenScopes
    }
    apiTokens {
      id
      name
      prefix
      scopes
      createdAt
      lastUsedAt
      expiresAt
      revokedAt
      user {
        email
      }
    }
    sessions {
      id
      createdAt
      lastSeenAt
      expiresAt
      userAgent
      current
    }
  }
`);

export const ChangePassword = graphql(`
  mutation DashboardChangePassword($current: String!, $next: String!) {
    changePassword(current: $current, next: $next) {
      __typename
      ... on User {
        activeApiTokens
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

export const CreateApiToken = graphql(`
  mutation DashboardCreateApiToken($input: ApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on CreatedApiToken {
        token
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

export const EndSessions = graphql(`
  mutation DashboardEndSessions($ids: [ID!]!) {
    endSessions(ids: $ids)
  }
`);

export const RevokeApiToken = graphql(`
  mutation DashboardRevokeApiToken($id: Int!) {
    revokeApiToken(id: $id) {
      __typename
    }
  }
`);

export const UsersPage = graphql(`
  query UsersPage {
    me {
      id
    }
    users {
      id
      email
      name
      role
      disabled
      createdAt
      lastLoginAt
      activeApiTokens
    }
  }
`);

export const CreateUser = graphql(`
  mutation DashboardCreateUser($input: UserInput!) {
    createUser(input: $input) {
      __typename
      ... on User {
        id
        email
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

export const UpdateUser = graphql(`
  mutation DashboardUpdateUser($id: Int!, $input: UserUpdate!) {
    updateUser(id: $id, input: $input) {
      __typename
      ... on User {
        id
        role
        disabled
      }
      ... on ValidationError {
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
