// The release operations the tests use; `npm run codegen` types them.
import { graphql } from '../generated/gql.ts';

export const ReleaseFields = graphql(`
  fragment ReleaseFields on Release {
    version
    url
    createdAt
    releasedAt
    projects {
      id
    }
    newIssueCount
    eventCount
    lastEvent
    commitCount
    deployCount
    lastDeploy {
      environment
    }
  }
`);

export const CreateReleaseMutation = graphql(`
  mutation CreateRelease($input: ReleaseInput!) {
    createRelease(input: $input) {
      __typename
      ... on Release {
        ...ReleaseFields
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

export const FinalizeReleaseMutation = graphql(`
  mutation FinalizeRelease($version: String!) {
    finalizeRelease(version: $version) {
      __typename
      ... on Release {
        releasedAt
      }
      ... on NotFoundError {
        message
      }
    }
  }
`);

export const SetReleaseCommitsMutation = graphql(`
  mutation SetReleaseCommits($version: String!, $commits: [ReleaseCommitInput!]!) {
    setReleaseCommits(version: $version, commits: $commits) {
      __typename
      ... on Release {
        commitCount
      }
    }
  }
`);

export const CreateDeployMutation = graphql(`
  mutation CreateDeploy($version: String!, $input: DeployInput!) {
    createDeploy(version: $version, input: $input) {
      __typename
      ... on Deploy {
        environment
        name
        finishedAt
      }
      ... on NotFoundError {
        message
      }
    }
  }
`);

export const ProjectReleasesQuery = graphql(`
  query ProjectReleases($projectId: String!) {
    releases(projectId: $projectId) {
      ...ReleaseFields
      commits {
        sha
        shortSha
        url
        message
        files {
          path
          type
          url
        }
      }
      deploys {
        environment
      }
      newIssues {
        id
      }
      regressedIssues {
        id
      }
      events(days: 3) {
        start
        count
      }
    }
  }
`);

export const IssueReleasesQuery = graphql(`
  query IssueReleases($id: Int!) {
    issue(id: $id) {
      firstRelease {
        version
      }
      lastRelease {
        version
      }
      suspectCommits {
        sha
        url
      }
      occurrences(first: 5) {
        edges {
          node {
            version
            commitHash
            commitUrl
          }
        }
      }
    }
  }
`);

export const FixInReleaseMutation = graphql(`
  mutation FixInRelease($id: Int!, $inRelease: String, $inNextRelease: Boolean) {
    transitionIssue(id: $id, to: FIXED, inRelease: $inRelease, inNextRelease: $inNextRelease) {
      __typename
      ... on TransitionResult {
        issue {
          status
          fixedInRelease {
            version
          }
          fixAwaitsReleaseSince
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const IssueFixQuery = graphql(`
  query IssueFix($id: Int!) {
    issue(id: $id) {
      status
      occurrenceCount
      fixedInRelease {
        version
      }
      fixAwaitsReleaseSince
      seenInOlderReleaseCount
      seenInOlderReleaseAt
      transitions {
        from
        to
        actor
        note
        details
      }
    }
  }
`);

export const ReportFixWithCommitMutation = graphql(`
  mutation ReportFixWithCommit($id: Int!, $commit: String!) {
    reportFix(input: { issueId: $id, agentId: "seed-agent", outcome: FIXED, commit: $commit }) {
      __typename
      ... on TransitionResult {
        issue {
          status
          fixedInRelease {
            version
          }
        }
      }
    }
  }
`);

export const SetProductionEnvironmentMutation = graphql(`
  mutation SetProductionEnvironment($id: String!, $environment: String!) {
    updateProject(id: $id, input: { productionEnvironment: $environment }) {
      __typename
      ... on Project {
        productionEnvironment
      }
    }
  }
`);
