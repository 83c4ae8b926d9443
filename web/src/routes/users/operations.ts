// Admins: the users.
// `npm run codegen` types them.
import { graphql } from '../../lib/generated/gql.ts';

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
      ...Refusal
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
      ...Refusal
    }
  }
`);
