// The Builds pages: the list of builds, and one build's log.
// `npm run codegen` types them.
import { graphql } from '../../lib/generated/gql.ts';

export const BuildRow = graphql(`
  fragment BuildRow on Build {
    id
    projectId
    pipeline
    number
    status
    startedAt
    finishedAt
    executeCount
    lineCount
    failingStep {
      tag
    }
  }
`);

export const BuildList = graphql(`
  query BuildList($projectId: String, $pipeline: String, $status: BuildStatus, $first: Int!, $after: String) {
    builds(projectId: $projectId, pipeline: $pipeline, status: $status, first: $first, after: $after) {
      edges {
        node {
          ...BuildRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    pipelines(projectId: $projectId) {
      projectId
      name
      buildCount
    }
  }
`);

export const BuildChanged = graphql(`
  subscription BuildChanged($projectId: String) {
    buildChanged(projectId: $projectId) {
      ...BuildRow
    }
  }
`);

export const BuildStepFields = graphql(`
  fragment BuildStepFields on BuildStep {
    tag
    status
    startedAt
    finishedAt
    lineCount
    firstLineNo
    lastLineNo
  }
`);

export const BuildDetail = graphql(`
  query BuildDetail($projectId: String!, $pipeline: String!, $build: String!, $executeCount: Int) {
    build(projectId: $projectId, pipeline: $pipeline, build: $build) {
      ...BuildRow
      steps(executeCount: $executeCount) {
        ...BuildStepFields
      }
    }
  }
`);

export const BuildLineFields = graphql(`
  fragment BuildLineFields on BuildLogLine {
    lineNo
    timestamp
    message
    tag
    logType
  }
`);

export const BuildLines = graphql(`
  query BuildLines(
    $projectId: String!
    $pipeline: String!
    $build: String!
    $executeCount: Int
    $tag: String
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    build(projectId: $projectId, pipeline: $pipeline, build: $build) {
      id
      lines(executeCount: $executeCount, tag: $tag, first: $first, after: $after, last: $last, before: $before) {
        edges {
          node {
            ...BuildLineFields
          }
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  }
`);

export const BuildSearch = graphql(`
  query BuildSearch(
    $projectId: String!
    $pipeline: String!
    $build: String!
    $executeCount: Int
    $tag: String
    $text: String!
    $after: Int!
    $backwards: Boolean!
  ) {
    build(projectId: $projectId, pipeline: $pipeline, build: $build) {
      id
      search(executeCount: $executeCount, tag: $tag, text: $text, after: $after, backwards: $backwards)
    }
  }
`);

export const BuildLogTail = graphql(`
  subscription BuildLogTail(
    $projectId: String!
    $pipeline: String!
    $build: String!
    $executeCount: Int
    $fromLine: Int!
  ) {
    buildLog(
      projectId: $projectId
      pipeline: $pipeline
      build: $build
      executeCount: $executeCount
      fromLine: $fromLine
    ) {
      status
      lines {
        ...BuildLineFields
      }
    }
  }
`);
