// `logcenter release …`: releases, their commits and deploys for teams without sentry-cli,
// over GraphQL with an API token (LOG_CENTER_URL, LOG_CENTER_TOKEN with the RELEASE scope).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { graphql } from './generated/gql.ts';
import { GraphQLClient } from '../agents/graphql-client.ts';
import { serverUrl } from './report.ts';

export const RELEASE_USAGE = `usage: logcenter release <command> …

  new VERSION --project ID [--project ID…] [--url URL] [--finalize]
                    make a release (or add projects to it)
  finalize VERSION  mark it released
  set-commits VERSION --auto [--initial-depth N]
                    its commits from the local git history, since the previous release's
  set-commits VERSION --commit SHA [--commit SHA…] [--repository NAME]
  deploy VERSION --env ENV [--name NAME] [--url URL] [--started ISO] [--finished ISO]
                    record a deploy; to a project's production environment it moves the
                    verified fixes of the release to DEPLOYED
  list [--project ID]
  info VERSION

Environment: LOG_CENTER_URL (http://localhost:8002), LOG_CENTER_TOKEN (RELEASE scope to write).
`;

const Create = graphql(`
  mutation CliCreateRelease($input: ReleaseInput!) {
    createRelease(input: $input) {
      __typename
      ... on Release {
        version
      }
      ... on Error {
        message
      }
    }
  }
`);
const Finalize = graphql(`
  mutation CliFinalizeRelease($version: String!) {
    finalizeRelease(version: $version) {
      __typename
      ... on Release {
        releasedAt
      }
      ... on Error {
        message
      }
    }
  }
`);
const Previous = graphql(`
  query CliPreviousRelease($version: String!) {
    release(version: $version) {
      previousWithCommits {
        version
        commits {
          sha
        }
      }
    }
  }
`);
const SetCommits = graphql(`
  mutation CliSetCommits($version: String!, $commits: [ReleaseCommitInput!]!) {
    setReleaseCommits(version: $version, commits: $commits) {
      __typename
      ... on Release {
        commitCount
      }
      ... on Error {
        message
      }
    }
  }
`);
const Deploy = graphql(`
  mutation CliDeploy($version: String!, $input: DeployInput!) {
    createDeploy(version: $version, input: $input) {
      __typename
      ... on Deploy {
        environment
      }
      ... on Error {
        message
      }
    }
  }
`);
const List = graphql(`
  query CliReleases($projectId: String) {
    releases(projectId: $projectId, first: 50) {
      version
      createdAt
      releasedAt
      newIssueCount
      eventCount
      lastDeploy {
        environment
        finishedAt
      }
    }
  }
`);
const Info = graphql(`
  query CliRelease($version: String!) {
    release(version: $version) {
      version
      createdAt
      releasedAt
      url
      projects {
        id
      }
      newIssueCount
      eventCount
      commits {
        shortSha
        message
      }
      deploys {
        environment
        name
        finishedAt
      }
    }
  }
`);

type Commit = {
  sha: string;
  authorName: string;
  authorEmail: string;
  committedAt: string;
  message: string;
  files: { path: string; type: string }[];
};

// Fields of one commit in `git log` output, and the commit's end: characters git never writes.
const FIELD = '\x1f';
const END = '\x1e';

/** Commits from HEAD back to (not including) `since`, or the last `depth` when `since` is unknown here. */
export async function gitCommits(cwd: string, since: string | null, depth: number): Promise<Commit[]> {
  const git = (...args: string[]) => promisify(execFile)('git', args, { cwd, maxBuffer: 256 * 1024 * 1024 });
  const known = since
    ? await git('cat-file', '-e', `${since}^{commit}`).then(
        () => true,
        () => false,
      )
    : false;
  const range = known ? [`${since}..HEAD`] : ['-n', String(depth), 'HEAD'];
  const format = `${END}%H${FIELD}%an${FIELD}%ae${FIELD}%aI${FIELD}%B${FIELD}`;
  const { stdout } = await git('log', '--no-merges', '--name-status', '--no-renames', `--format=${format}`, ...range);
  return stdout
    .split(END)
    .slice(1)
    .map((entry) => {
      const [sha, authorName, authorEmail, committedAt, message, changes = ''] = entry.split(FIELD);
      const files = changes
        .split('\n')
        .filter((line) => line.includes('\t'))
        .map((line) => {
          const [type, path] = line.split('\t');
          return { path: path!, type: type!.slice(0, 1) };
        });
      return {
        sha: sha!,
        authorName: authorName!,
        authorEmail: authorEmail!,
        committedAt: committedAt!,
        message: message!.trim(),
        files,
      };
    });
}

function answered(result: { __typename: string; message?: string }, expected: string) {
  if (result.__typename !== expected) throw new Error(result.message ?? result.__typename);
}

const when = (iso: string | null | undefined) => (iso ? new Date(iso).toISOString().replace('.000Z', 'Z') : '-');

export async function runRelease(argv: string[], cwd = process.cwd()): Promise<number> {
  const [command, ...rest] = argv;
  let values: Record<string, string | string[] | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        project: { type: 'string', multiple: true },
        url: { type: 'string' },
        finalize: { type: 'boolean' },
        auto: { type: 'boolean' },
        'initial-depth': { type: 'string' },
        commit: { type: 'string', multiple: true },
        repository: { type: 'string' },
        env: { type: 'string' },
        name: { type: 'string' },
        started: { type: 'string' },
        finished: { type: 'string' },
      },
    }));
  } catch (err) {
    process.stderr.write(`logcenter release: ${(err as Error).message}\n\n${RELEASE_USAGE}`);
    return 2;
  }
  const version = positionals[0];
  const needsVersion = command !== 'list';
  if (!command || (needsVersion && !version)) {
    process.stderr.write(RELEASE_USAGE);
    return 2;
  }
  const client = new GraphQLClient(serverUrl(), 'logcenter release', process.env.LOG_CENTER_TOKEN);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const projects = (values.project as string[] | undefined) ?? [];
  try {
    switch (command) {
      case 'new': {
        if (projects.length === 0) throw new Error('--project is required');
        const r = await client.request(Create, {
          input: {
            version: version!,
            projectIds: projects,
            url: values.url as string | undefined,
            released: values.finalize === true,
          },
        });
        answered(r.createRelease, 'Release');
        out(`Created release ${version}`);
        return 0;
      }
      case 'finalize': {
        answered((await client.request(Finalize, { version: version! })).finalizeRelease, 'Release');
        out(`Finalized release ${version}`);
        return 0;
      }
      case 'set-commits': {
        let commits: Commit[] | { sha: string; repository?: string }[];
        if (values.auto) {
          const previous = (await client.request(Previous, { version: version! })).release?.previousWithCommits;
          const depth = Number(values['initial-depth'] ?? 20);
          commits = await gitCommits(cwd, previous?.commits[0]?.sha ?? null, depth);
        } else {
          const shas = (values.commit as string[] | undefined) ?? [];
          if (shas.length === 0) throw new Error('give --auto, or one or more --commit SHA');
          commits = shas.map((sha) => ({ sha, repository: values.repository as string | undefined }));
        }
        if (commits.length === 0) {
          out('No new commits since the previous release; the release is left as it is.');
          return 0;
        }
        const r = await client.request(SetCommits, { version: version!, commits });
        answered(r.setReleaseCommits, 'Release');
        out(`Set ${commits.length} commit(s) of release ${version}`);
        return 0;
      }
      case 'deploy': {
        if (!values.env) throw new Error('--env is required');
        const r = await client.request(Deploy, {
          version: version!,
          input: {
            environment: values.env as string,
            name: values.name as string | undefined,
            url: values.url as string | undefined,
            startedAt: values.started as string | undefined,
            finishedAt: values.finished as string | undefined,
          },
        });
        answered(r.createDeploy, 'Deploy');
        out(`Deployed ${version} to ${values.env}`);
        return 0;
      }
      case 'list': {
        const { releases } = await client.request(List, { projectId: projects[0] });
        for (const r of releases)
          out(
            [
              r.version,
              `created ${when(r.createdAt)}`,
              r.releasedAt ? `released ${when(r.releasedAt)}` : 'unreleased',
              `${r.newIssueCount} new issues`,
              `${r.eventCount} events`,
              r.lastDeploy
                ? `deployed to ${r.lastDeploy.environment} ${when(r.lastDeploy.finishedAt)}`
                : 'not deployed',
            ].join('  '),
          );
        return 0;
      }
      case 'info': {
        const { release } = await client.request(Info, { version: version! });
        if (!release) throw new Error(`release "${version}" does not exist`);
        out(
          `${release.version}  created ${when(release.createdAt)}  ${release.releasedAt ? `released ${when(release.releasedAt)}` : 'unreleased'}`,
        );
        out(`projects: ${release.projects.map((p) => p.id).join(', ') || '-'}`);
        out(`${release.newIssueCount} new issues, ${release.eventCount} events`);
        for (const c of release.commits) out(`commit ${c.shortSha} ${c.message?.split('\n')[0] ?? ''}`);
        for (const d of release.deploys)
          out(`deploy ${d.environment}${d.name ? ` (${d.name})` : ''} ${when(d.finishedAt)}`);
        return 0;
      }
      default:
        process.stderr.write(`logcenter release: unknown command "${command}"\n\n${RELEASE_USAGE}`);
        return 2;
    }
  } catch (err) {
    process.stderr.write(`logcenter release: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await client.close();
  }
}
