// The signed-in user’s account: password, API tokens, sessions.
// `npm run codegen` types them.
import { graphql } from '../../lib/generated/gql.ts';

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
      ...Refusal
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
      ...Refusal
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
