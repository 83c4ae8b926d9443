// Test data through the public API, as users make it: a report creates an issue, and the
// workflow walks it to the status a test needs (claims and fix reports included), so every
// seeded issue has the history a real one would have.
//   const id = await seed(server().url).project('p').issue({ status: 'PENDING_FIX' });
import type { IssueStatus } from '../generated/graphql.ts';
import { ClaimIssueMutation, ReportFixMutation, TransitionIssueMutation } from '../graphql/operations.ts';
import { runtimeReport } from '../helpers/fixtures.ts';
import { post, put, report } from '../helpers/http.ts';
import { as, type Client } from './client.ts';

// Each seeded issue is reported from a line of its own, so that each has a fingerprint of its own.
let line = 0;
/** A line number no other seeded report in this test file has used. */
export const freshLine = () => ++line;

type Step = { to: IssueStatus } | { claim: true } | { fix: 'FIXED' | 'FIX_FAILED' };

const VERIFY: Step[] = [{ to: 'VERIFYING' }];
const PENDING: Step[] = [...VERIFY, { to: 'PENDING_FIX' }];
const CLAIMED: Step[] = [...PENDING, { claim: true }];
const FIXED: Step[] = [...CLAIMED, { fix: 'FIXED' }];
const VERIFIED: Step[] = [...FIXED, { to: 'VERIFIED' }];

/** How each status is reached from NEW, along the workflow's main path. */
const PATH: Record<IssueStatus, Step[]> = {
  NEW: [],
  VERIFYING: VERIFY,
  CANNOT_REPRODUCE: [...VERIFY, { to: 'CANNOT_REPRODUCE' }],
  PENDING_FIX: PENDING,
  FIXING: CLAIMED,
  FIXED,
  FIX_FAILED: [...CLAIMED, { fix: 'FIX_FAILED' }],
  VERIFIED,
  DEPLOYED: [...VERIFIED, { to: 'DEPLOYED' }],
};

export type IssueSeed = {
  status?: IssueStatus;
  /** The error's type and message. */
  type?: string;
  message?: string;
  /** Further fields of the report (environment, context, …). */
  report?: Record<string, unknown>;
  /** The agent that claims it on the way to FIXING and beyond. */
  agentId?: string;
};

/** A move's answer, refused unless it is the move itself (not one of the typed errors). */
function moved(answer: { __typename: string; message?: string }, step: Step) {
  if (answer.__typename !== 'TransitionResult')
    throw new Error(`seeding: ${JSON.stringify(step)} answered ${answer.__typename}: ${answer.message}`);
}

async function walk(client: Client, id: number, steps: Step[], agentId: string) {
  for (const step of steps) {
    if ('to' in step) moved((await client.run(TransitionIssueMutation, { id, to: step.to })).transitionIssue, step);
    else if ('claim' in step)
      moved((await client.run(ClaimIssueMutation, { id, agentId, leaseSeconds: 600 })).claimIssue, step);
    else
      moved(
        (await client.run(ReportFixMutation, { input: { issueId: id, agentId, outcome: step.fix } })).reportFix,
        step,
      );
  }
}

let buildNo = 0;

/** The REST path of a build (its pipeline and number URL-encoded, as a CI job sends them). */
export const buildPath = (projectId: string, pipeline: string, number: string) =>
  `/api/v1/builds/${encodeURIComponent(projectId)}/${encodeURIComponent(pipeline)}/${encodeURIComponent(number)}`;

/** Lines `from`…`to` as a CI job would print them: `line 1`, `line 2`, … */
export const numberedLines = (from: number, to: number, fields: Record<string, unknown> = {}) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ message: `line ${from + i}`, ...fields }));

function build(base: string, projectId: string, pipeline: string, number: string) {
  const path = buildPath(projectId, pipeline, number);
  return {
    path,
    projectId,
    pipeline,
    number,
    /** Appends a batch (or one line); its answer, which must be 200. */
    async append(body: unknown, headers: Record<string, string> = {}) {
      const res = await post(base, `${path}/logs`, body, { anonymous: true, headers });
      if (res.status !== 200) throw new Error(`seeding build lines failed: HTTP ${res.status} ${res.text}`);
      return res.body as { accepted: number; firstLineNo: number; lastLineNo: number };
    },
    /** Ends the build (or, with `tag`, a step) with `result`. */
    async finish(result: 'success' | 'failure' | 'cancelled' = 'success', tag?: string) {
      const res = await put(base, `${path}/status`, { finished: true, result, tag }, { anonymous: true });
      if (res.status !== 200) throw new Error(`seeding a build status failed: HTTP ${res.status} ${res.text}`);
      return res.body;
    },
  };
}

export function seed(base: string, client: Client = as(base)) {
  return {
    project(projectId: string) {
      return {
        /** A build of this project (a fresh number unless given); nothing is stored until it is written. */
        build: (pipeline = 'Build and Deploy', number = `${++buildNo}`) => build(base, projectId, pipeline, number),
        /** Reports a new error and walks its issue to `status`; the issue's id. */
        async issue({ status = 'NEW', type, message, report: fields = {}, agentId = 'seed-agent' }: IssueSeed = {}) {
          const error = { line_number: freshLine(), ...(type ? { type } : {}), ...(message ? { message } : {}) };
          const res = await report(base, runtimeReport({ project_id: projectId, ...fields }, error));
          if (res.status !== 200) throw new Error(`seeding a report failed: HTTP ${res.status} ${res.text}`);
          await walk(client, res.body.id, PATH[status], agentId);
          return res.body.id;
        },
      };
    },
  };
}
