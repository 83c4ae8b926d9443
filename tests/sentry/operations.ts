import { graphql } from '../generated/gql.ts';

export const ProjectKeysQuery = graphql(`
  query ProjectKeys($id: String!) {
    project(id: $id) {
      id
      dsnId
      keys {
        id
        publicKey
        label
        enabled
        rateLimitPerMinute
        dsn
      }
    }
  }
`);

export const CreateKeyMutation = graphql(`
  mutation CreateKey($projectId: String!, $input: ProjectKeyInput) {
    createProjectKey(projectId: $projectId, input: $input) {
      __typename
      ... on ProjectKey {
        id
        publicKey
        enabled
        label
        rateLimitPerMinute
        dsn
      }
      ... on Error {
        message
      }
    }
  }
`);

export const UpdateKeyMutation = graphql(`
  mutation UpdateKey($id: Int!, $input: ProjectKeyInput!) {
    updateProjectKey(id: $id, input: $input) {
      __typename
      ... on ProjectKey {
        id
        enabled
        label
        rateLimitPerMinute
      }
      ... on Error {
        message
      }
    }
  }
`);

export const DeleteKeyMutation = graphql(`
  mutation DeleteKey($id: Int!) {
    deleteProjectKey(id: $id) {
      __typename
      ... on ProjectKey {
        id
      }
      ... on Error {
        message
      }
    }
  }
`);
