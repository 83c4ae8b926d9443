// `logcenter report-ci <project_id> <step_name> <message_or_file>`: the TypeScript twin of
// scripts/report-cicd-error.sh, with the same inference, context and payload.
import { readFileSync, statSync } from 'node:fs';
import { postReport, serverUrl } from './report.ts';

export const CI_USAGE = 'usage: logcenter report-ci <project_id> <step_name> <error_message_or_log_file>\n';

export function errorTypeFor(stepName: string): string {
  const step = stepName.toLowerCase();
  if (step.includes('docker')) return 'DockerBuildError';
  if (/npm|yarn|pnpm|node|frontend|webpack|vite/.test(step)) return 'NpmBuildError';
  if (/test|spec|pytest|jest/.test(step)) return 'TestFailure';
  if (/lint|eslint|flake8|ruff|prettier|format/.test(step)) return 'LintError';
  return 'CICDFailure';
}

/** The last `count` lines, as valid UTF-8 without NUL bytes (invalid bytes are dropped, as iconv -c does). */
export function logTail(bytes: Buffer, count = 100): string[] {
  const text = new TextDecoder('utf-8').decode(bytes).replaceAll('\uFFFD', '').replaceAll('\0', '');
  const lines = text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''));
  return text === '' ? [] : lines.slice(-count);
}

const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

export function ciReport(projectId: string, stepName: string, input: string, env: NodeJS.ProcessEnv = process.env) {
  const orNull = (v: string | undefined) => (v ? v : null);
  const branch = env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || env.GITEA_REF_NAME || '';
  const workflow = env.GITHUB_WORKFLOW || '';
  const runNumber = env.GITHUB_RUN_NUMBER || '';
  const server = env.GITHUB_SERVER_URL || '';
  const repository = env.GITHUB_REPOSITORY || '';
  const linked = server && repository;
  const fromFile = isFile(input);
  const message = fromFile
    ? `[${stepName}] ${workflow || 'Pipeline'} failed${branch ? ` on branch ${branch}` : ''}`
    : input;
  const lines = fromFile ? logTail(readFileSync(input)) : [];
  return {
    project_id: projectId,
    environment: env.LOG_CENTER_ENVIRONMENT || branch || 'unknown',
    level: env.LOG_CENTER_LEVEL || 'ERROR',
    source: 'cicd',
    commit_hash: orNull(env.GITHUB_SHA),
    repo_url: linked ? `${server}/${repository}.git` : null,
    error: { type: errorTypeFor(stepName), message, stack_trace: lines.length ? lines : [message] },
    context: {
      job_name: orNull(env.GITHUB_JOB),
      step_name: stepName,
      workflow: orNull(workflow),
      run_id: orNull(runNumber),
      branch: orNull(branch),
      actor: orNull(env.GITHUB_ACTOR),
      commit: orNull(env.GITHUB_SHA),
      // The contract: the run number (per repository), not the global run id.
      run_url: linked && runNumber ? `${server}/${repository}/actions/runs/${runNumber}` : null,
    },
  };
}

/** Never fails the pipeline: problems are printed, the exit code is 0. */
export async function runReportCi(args: string[]): Promise<number> {
  const [projectId, stepName, input] = args;
  if (!projectId || !stepName || !input) {
    process.stderr.write(CI_USAGE);
    return 0;
  }
  const result = await postReport(ciReport(projectId, stepName, input), { timeoutMs: 3000 });
  if (result.ok) process.stdout.write(`report-ci: ${result.body}\n`);
  else process.stderr.write(`report-ci: could not report to Log Center at ${serverUrl()}: ${result.error}\n`);
  return 0;
}
