// `logcenter ci-log --project P [--pipeline NAME] [--build N] [--step TAG] -- CMD ARGS…`: runs a
// CI step with its output passed through untouched, streams its lines to the build's log as
// they come (one batch in flight at a time, so they keep their order), marks the step ended
// with its result, and on failure sends the contract's CI report with the last lines and a
// link to the whole log. What cannot be sent waits on disk, in order, for the next run. The
// exit code is CMD's: the reporter never changes whether a step passes.
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { send, serverUrl, type ApiRequest } from './report.ts';
import { ciReport } from './report-ci.ts';
import { flushSpool, spool, spooled } from './supervisor/spool.ts';
import { superviseChild } from './supervisor/child.ts';

export const CI_LOG_USAGE = `usage: logcenter ci-log --project ID [--pipeline NAME] [--build N] [--step TAG]
                      [--execute-count N] [--final] -- COMMAND [ARGS…]

Runs COMMAND as a step of a CI build and sends its output to Log Center (LOG_CENTER_URL,
LOG_CENTER_KEY) as it comes. The pipeline and build default to GITHUB_WORKFLOW and
GITHUB_RUN_NUMBER (Gitea and GitHub Actions set both), the step to the command's name, the
execute count to GITHUB_RUN_ATTEMPT. When COMMAND fails, the step and the build are marked
failed and a CI report is sent; with --final, a success ends the build too. The exit code is
COMMAND's.
`;

/** How often lines go out, and how many (or how many bytes) at most in one batch. */
const FLUSH_MS = 200;
const BATCH_LINES = 5000;
const BATCH_BYTES = 512 * 1024;
/** A line longer than this goes out in pieces: a step printing megabytes without a newline stays bounded. */
const PIECE = 64 * 1024;
const TAIL_LINES = 50;

type Options = {
  project: string;
  pipeline: string;
  build: string;
  step: string;
  executeCount: number;
  final: boolean;
  command: string[];
};

export function parseCiLog(argv: string[], env: NodeJS.ProcessEnv = process.env): Options {
  const split = argv.indexOf('--');
  const { values } = parseArgs({
    args: split === -1 ? argv : argv.slice(0, split),
    options: {
      project: { type: 'string' },
      pipeline: { type: 'string' },
      build: { type: 'string' },
      step: { type: 'string' },
      'execute-count': { type: 'string' },
      final: { type: 'boolean', default: false },
    },
  });
  const command = split === -1 ? [] : argv.slice(split + 1);
  const project = values.project ?? env.LOG_CENTER_PROJECT;
  if (!project) throw new Error('--project is required');
  if (command.length === 0) throw new Error('a command is required after --');
  const pipeline = values.pipeline ?? env.GITHUB_WORKFLOW;
  const build = values.build ?? env.GITHUB_RUN_NUMBER;
  if (!pipeline) throw new Error('--pipeline is required outside Gitea or GitHub Actions (GITHUB_WORKFLOW)');
  if (!build) throw new Error('--build is required outside Gitea or GitHub Actions (GITHUB_RUN_NUMBER)');
  const executeCount = Number(values['execute-count'] ?? env.GITHUB_RUN_ATTEMPT ?? 1);
  if (!Number.isInteger(executeCount) || executeCount < 1)
    throw new Error('--execute-count must be a whole number ≥ 1');
  return {
    project,
    pipeline,
    build,
    step: values.step ?? basename(command[0]!),
    executeCount,
    final: values.final,
    command,
  };
}

type Line = { message: string; timestamp: number; logType?: 'FOLD_START' | 'FOLD_END' };

/** Actions' group markers open and close foldable sections; the rest are plain lines. */
function lineOf(message: string, timestamp: number): Line {
  const group = /^(?:::group::|##\[group\])(.*)$/.exec(message);
  if (group) return { message: group[1]!, timestamp, logType: 'FOLD_START' };
  if (message === '::endgroup::' || message === '##[endgroup]') return { message: '', timestamp, logType: 'FOLD_END' };
  return { message, timestamp };
}

/** Splits one output stream into lines, across chunks and multi-byte characters. */
function lineSplitter(emit: (message: string) => void) {
  const decoder = new TextDecoder('utf-8');
  let partial = '';
  // One pass over each chunk: the scan never goes back over what it has already looked at.
  const take = (text: string) => {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      emit((partial + text.slice(from, nl)).replace(/\r$/, ''));
      partial = '';
      from = nl + 1;
    }
    partial += text.slice(from);
    while (partial.length > PIECE) {
      emit(partial.slice(0, PIECE));
      partial = partial.slice(PIECE);
    }
  };
  return {
    push: (chunk: Buffer) => take(decoder.decode(chunk, { stream: true })),
    end() {
      take(decoder.decode());
      if (partial) emit(partial.replace(/\r$/, ''));
      partial = '';
    },
  };
}

export async function runCiLog(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseCiLog(argv);
  } catch (err) {
    process.stderr.write(`logcenter ci-log: ${(err as Error).message}\n\n${CI_LOG_USAGE}`);
    return 2;
  }
  const { project, pipeline, build, step, executeCount } = options;
  const path = `/api/v1/builds/${encodeURIComponent(project)}/${encodeURIComponent(pipeline)}/${encodeURIComponent(build)}`;
  const warn = (message: string): void => void process.stderr.write(`logcenter ci-log: ${message}\n`);

  // Requests go out one at a time, in order. Once one has to wait on disk, so do the ones
  // after it, until the spool has gone out: a later batch must never overtake an earlier one.
  let offline = false;
  let warned = false;
  let lastRetry = 0;
  const retrySpool = async () => {
    lastRetry = Date.now();
    await flushSpool().catch(() => 0);
    offline = spooled();
  };
  let chain: Promise<void> = retrySpool();
  const deliver = (request: ApiRequest) => {
    chain = chain.then(async () => {
      if (offline && Date.now() - lastRetry > 2000) await retrySpool();
      const result = offline ? null : await send(request, { timeoutMs: 5000 });
      if (result?.ok) return;
      if (result && !result.retryable)
        return warn(`Log Center refused ${request.method} ${request.path}: ${result.error}`);
      offline = true;
      const file = spool(request);
      if (!warned)
        warn(
          `Log Center unreachable at ${serverUrl()}${result ? ` (${result.error})` : ''}; the log waits in ${file} and later`,
        );
      warned = true;
    });
  };

  let batch: Line[] = [];
  let batchBytes = 0;
  const tail: string[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    deliver({ method: 'POST', path: `${path}/logs`, body: { tag: step, executeCount, lines: batch } });
    batch = [];
    batchBytes = 0;
  };
  const add = (message: string) => {
    batch.push(lineOf(message, Date.now()));
    batchBytes += message.length * 3;
    tail.push(message);
    if (tail.length > TAIL_LINES) tail.shift();
    if (batch.length >= BATCH_LINES || batchBytes >= BATCH_BYTES) flush();
  };

  deliver({ method: 'PUT', path: `${path}/status`, body: { tag: step, executeCount, finished: false } });
  const [cmd, ...args] = options.command;
  const child = spawn(cmd!, args, { stdio: ['inherit', 'pipe', 'pipe'] });
  const out = lineSplitter(add);
  const err = lineSplitter(add);
  child.stdout!.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    out.push(chunk);
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    err.push(chunk);
  });
  const timer = setInterval(flush, FLUSH_MS);
  const end = await superviseChild(child);
  clearInterval(timer);
  out.end();
  err.end();
  if (end.spawnError) add(`logcenter ci-log: could not start ${cmd}: ${end.spawnError.message}`);
  flush();

  const failed = end.exitCode !== 0;
  const result = failed ? (end.stoppedAsAsked ? 'cancelled' : 'failure') : 'success';
  deliver({ method: 'PUT', path: `${path}/status`, body: { tag: step, executeCount, finished: true, result } });
  if (failed || options.final)
    deliver({ method: 'PUT', path: `${path}/status`, body: { executeCount, finished: true, result } });
  if (failed && !end.stoppedAsAsked) {
    const how = end.signal ? `was killed by ${end.signal}` : `exited with code ${end.exitCode}`;
    const report = ciReport(project, step, `[${step}] ${pipeline} failed: ${basename(cmd!)} ${how}`);
    deliver({
      method: 'POST',
      path: '/api/v1/logs/report',
      body: {
        ...report,
        error: { ...report.error, stack_trace: tail.length ? tail : report.error.stack_trace },
        // The build this report links to (Occurrence.build) is the one the lines went to.
        context: {
          ...report.context,
          workflow: pipeline,
          run_id: build,
          execute_count: executeCount,
          exit_code: end.code,
          build_log_url: `${serverUrl()}${path}/logs/download?executeCount=${executeCount}`,
        },
      },
    });
  }
  await chain;
  return end.exitCode;
}
