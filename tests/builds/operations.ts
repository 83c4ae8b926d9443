// The GraphQL operations the build-log tests use; `npm run codegen` types them.
import { graphql } from '../generated/gql.ts';

export const BuildQuery = graphql(`
  query Build(
    $projectId: String!
    $pipeline: String!
    $build: String!
    $first: Int
    $after: String
    $last: Int
    $tag: String
  ) {
    build(projectId: $projectId, pipeline: $pipeline, build: $build) {
      id
      pipeline
      number
      status
      executeCount
      lineCount
      steps {
        tag
        status
        lineCount
        firstLineNo
        lastLineNo
      }
      failingStep {
        tag
        lastLineNo
      }
      lines(first: $first, after: $after, last: $last, tag: $tag) {
        edges {
          cursor
          node {
            lineNo
            message
            tag
            logType
            timestamp
          }
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
      }
    }
  }
`);

export const BuildSearchQuery = graphql(`
  query BuildSearch(
    $projectId: String!
    $pipeline: String!
    $build: String!
    $text: String!
    $after: Int!
    $backwards: Boolean!
  ) {
    build(projectId: $projectId, pipeline: $pipeline, build: $build) {
      search(text: $text, after: $after, backwards: $backwards)
    }
  }
`);

export const BuildsQuery = graphql(`
  query Builds($projectId: String, $pipeline: String, $status: BuildStatus, $first: Int, $after: String) {
    builds(projectId: $projectId, pipeline: $pipeline, status: $status, first: $first, after: $after) {
      edges {
        node {
          number
          pipeline
          status
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    pipelines(projectId: $projectId) {
      name
      buildCount
      lastBuild {
        number
      }
    }
  }
`);

export const OccurrenceBuildQuery = graphql(`
  query OccurrenceBuild($id: Int!) {
    issue(id: $id) {
      occurrences(first: 1) {
        edges {
          node {
            build {
              pipeline
              number
              failingStep {
                tag
              }
            }
          }
        }
      }
    }
  }
`);

export const BuildLogSubscription = graphql(`
  subscription BuildLog($projectId: String!, $pipeline: String!, $build: String!, $fromLine: Int!, $tag: String) {
    buildLog(projectId: $projectId, pipeline: $pipeline, build: $build, fromLine: $fromLine, tag: $tag) {
      status
      lines {
        lineNo
        message
      }
    }
  }
`);

export const BuildChangedSubscription = graphql(`
  subscription BuildChanged($projectId: String) {
    buildChanged(projectId: $projectId) {
      number
      status
    }
  }
`);
