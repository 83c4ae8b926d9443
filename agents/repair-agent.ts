// `logcenter agent`: an example repair agent. It follows the PENDING_FIX feed, claims one
// issue at a time, runs a handler command where the project's code lives, keeps the claim
// alive while the handler runs, and reports FIXED or FIX_FAILED from its exit status.
//
// The handler gets the issue in its environment (LOGCENTER_ISSUE_ID, LOGCENTER_ISSUE_JSON,
// LOGCENTER_REPO_URL, LOGCENTER_LOCAL_PATH, …) and may write {"commit", "branch", "prUrl",
// "summary"} as JSON to $LOGCENTER_RESULT_FILE to describe its fix.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { constants, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GraphQLClient } from './graphql-client.ts';
import { Claim, PendingFix, Release, Renew, Report } from './operations.ts';
import type { AgentPendingFixSubscription } from './generated/graphql.ts';

type Issue = AgentPendingFixSubscription['pendingFixIssues'];

export const AGENT_USAGE = `usage: logcenter agent [options] -- COMMAND [ARGS…]

Claims PENDING_FIX issues one at a time and runs COMMAND for each, in the project's
local_path (when it exists). Exit status 0 reports FIXED, anything else FIX_FAILED.

options:
  --agent-id ID     name of this agent in the status history (default: host-pid)
  --project ID      only issues of this project
  --lease SECONDS   claim lease, renewed while COMMAND runs (default 600)
  --no-backlog      skip issues that were already waiting when the agent started
  --once            exit after one issue
environment: LOG_CENTER_URL (default http://localhost:8002)
`;

type Options = { agentId: string; project?: string; lease: number; backlog: boolean; once: boolean; command: string[] };

export function parseAgentArgs(argv: string[]): Options {
  const split = argv.indexOf('--');
  const { values } = parseArgs({
    args: split === -1 ? argv : argv.slice(0, split),
    options: {
      'agent-id': { type: 'string' },
      project: { type: 'string' },
      lease: { type: 'string', default: '600' },
      'no-backlog': { type: 'boolean', default: false },
      once: { type: 'boolean', default: false },
    },
  });
  const command = split === -1 ? [] : argv.slice(split + 1);
  const lease = Number(values.lease);
  if (command.length === 0) throw new Error('a handler command is required after --');
  if (!Number.isInteger(lease) || lease < 5) throw new Error('--lease must be a whole number of seconds, at least 5');
  return {
    agentId: values['agent-id'] ?? `${hostname()}-${process.pid}`,
    ...(values.project ? { project: values.project } : {}),
    lease,
    backlog: !values['no-backlog'],
    once: values.once,
    command,
  };
}

const say = (line: string) => process.stdout.write(`logcenter-agent: ${line}\n`);

/** Keeps the last `limit` characters of a stream, for the FIX_FAILED summary. */
function tail(limit: number) {
  let text = '';
  return { push: (chunk: Buffer) => void (text = (text + chunk.toString()).slice(-limit)), text: () => text };
}

type FixResult = { commit?: string; branch?: string; prUrl?: string; summary?: string };

function readResult(path: string): FixResult {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as FixResult;
  } catch (err) {
    say(`ignoring ${path}: not JSON (${(err as Error).message})`);
    return {};
  }
}

export class RepairAgent {
  private readonly queue: Issue[] = [];
  private wake?: () => void;
  private stopped = false;
  private current?: { issue: Issue; kill: () => void };

  constructor(
    private readonly client: GraphQLClient,
    private readonly options: Options,
  ) {}

  async run(): Promise<number> {
    const { agentId, project, backlog } = this.options;
    say(`${agentId} waiting for PENDING_FIX issues${project ? ` of ${project}` : ''}`);
    const unsubscribe = this.client.subscribe(
      PendingFix,
      { projectId: project ?? null, includeBacklog: backlog },
      ({ pendingFixIssues }) => {
        this.queue.push(pendingFixIssues);
        this.wake?.();
      },
      (err) => say(`subscription problem: ${err instanceof Error ? err.message : JSON.stringify(err)}`),
    );
    try {
      while (!this.stopped) {
        const issue = this.queue.shift();
        if (!issue) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        const handled = await this.handle(issue);
        if (handled && this.options.once) break;
      }
      return 0;
    } finally {
      unsubscribe();
      await this.client.close();
    }
  }

  /** Stops after the current issue; a running handler is killed and its claim released. */
  async stop() {
    this.stopped = true;
    this.wake?.();
    if (!this.current) return;
    const { issue, kill } = this.current;
    kill();
    await this.client
      .request(Release, { id: issue.id, agentId: this.options.agentId, note: 'agent stopped' })
      .catch(() => {});
  }

  private async handle(issue: Issue): Promise<boolean> {
    const { agentId, lease } = this.options;
    const { claimIssue } = await this.client.request(Claim, { id: issue.id, agentId, leaseSeconds: lease });
    if (claimIssue.__typename !== 'TransitionResult') {
      say(`issue #${issue.id} not claimed: ${claimIssue.message}`);
      return false;
    }
    say(`claimed issue #${issue.id} ${issue.errorType}: ${issue.message} (project ${issue.projectId})`);
    say(`repo_url: ${issue.project.repoUrl ?? '(not set)'}`);
    say(`local_path: ${issue.project.localPath ?? '(not set)'}`);

    const renew = setInterval(
      () => {
        this.client
          .request(Renew, { id: issue.id, agentId, leaseSeconds: lease })
          .catch((err: Error) => say(`renewing the claim failed: ${err.message}`));
      },
      (lease * 1000) / 3,
    );
    try {
      const { code, output, result } = await this.runHandler(issue);
      if (this.stopped) return true;
      const outcome = code === 0 ? 'FIXED' : 'FIX_FAILED';
      const summary =
        result.summary ?? (code === 0 ? 'handler succeeded' : `handler exited with code ${code}\n${output}`.trim());
      const { reportFix } = await this.client.request(Report, {
        input: {
          issueId: issue.id,
          agentId,
          outcome,
          commit: result.commit,
          branch: result.branch,
          prUrl: result.prUrl,
          summary,
        },
      });
      if (reportFix.__typename !== 'TransitionResult') {
        say(`reporting issue #${issue.id} failed: ${reportFix.message}`);
      } else {
        say(`reported issue #${issue.id} ${outcome}`);
      }
      return true;
    } finally {
      clearInterval(renew);
    }
  }

  private runHandler(issue: Issue): Promise<{ code: number; output: string; result: FixResult }> {
    const [cmd, ...args] = this.options.command;
    const work = mkdtempSync(join(tmpdir(), 'logcenter-agent-'));
    const resultFile = join(work, 'result.json');
    const localPath = issue.project.localPath;
    const cwd = localPath && existsSync(localPath) ? localPath : process.cwd();
    const child = spawn(cmd!, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        LOGCENTER_ISSUE_ID: String(issue.id),
        LOGCENTER_PROJECT_ID: issue.projectId,
        LOGCENTER_REPO_URL: issue.project.repoUrl ?? '',
        LOGCENTER_LOCAL_PATH: localPath ?? '',
        LOGCENTER_ERROR_TYPE: issue.errorType,
        LOGCENTER_MESSAGE: issue.message,
        LOGCENTER_FILE_PATH: issue.filePath ?? '',
        LOGCENTER_LINE_NUMBER: issue.lineNumber === null ? '' : String(issue.lineNumber),
        LOGCENTER_ISSUE_JSON: JSON.stringify(issue),
        LOGCENTER_RESULT_FILE: resultFile,
      },
    });
    const output = tail(4000);
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        output.push(chunk);
        (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    this.current = { issue, kill: () => child.kill('SIGTERM') };
    return new Promise((resolve) => {
      const finish = (code: number) => {
        this.current = undefined;
        const result = readResult(resultFile);
        rmSync(work, { recursive: true, force: true });
        resolve({ code, output: output.text(), result });
      };
      child.on('error', (err) => {
        output.push(Buffer.from(`could not start ${cmd}: ${err.message}`));
        finish(127);
      });
      child.on('close', (code, signal) => finish(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
  }
}

export async function runAgent(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseAgentArgs(argv);
  } catch (err) {
    process.stderr.write(`logcenter agent: ${(err as Error).message}\n\n${AGENT_USAGE}`);
    return 2;
  }
  const url = (process.env.LOG_CENTER_URL ?? 'http://localhost:8002').replace(/\/+$/, '');
  const agent = new RepairAgent(new GraphQLClient(url, options.agentId, process.env.LOG_CENTER_TOKEN), options);
  const stop = () => void agent.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return agent.run();
}
