// The Releases pages: a project's releases, and one release in full.
// `npm run codegen` types them.
import { graphql } from '../../lib/generated/gql.ts';

export const ReleaseRow = graphql(`
  fragment ReleaseRow on Release {
    version
    createdAt
    releasedAt
    projects {
      id
      name
    }
    newIssueCount
    eventCount
    lastEvent
    commitCount
    deploys {
      id
      environment
      name
      finishedAt
    }
    events(days: 14) {
      start
      count
    }
  }
`);

export const ReleaseList = graphql(`
  query ReleaseList($projectId: String, $first: Int!) {
    releases(projectId: $projectId, first: $first) {
      ...ReleaseRow
    }
  }
`);

export const ReleaseDetail = graphql(`
  query ReleaseDetail($version: String!) {
    release(version: $version) {
      ...ReleaseRow
      url
      startedAt
      firstEvent
      events30: events(days: 30) {
        start
        count
      }
      deploys {
        id
        environment
        name
        url
        startedAt
        finishedAt
      }
      commits {
        sha
        shortSha
        url
        repository
        authorName
        message
        committedAt
        files {
          path
          type
          url
        }
      }
      newIssues(first: 50) {
        id
        errorType
        message
        status
        occurrenceCount
        lastSeen
      }
      regressedIssues(first: 50) {
        id
        errorType
        message
        status
        occurrenceCount
        lastSeen
      }
    }
  }
`);
