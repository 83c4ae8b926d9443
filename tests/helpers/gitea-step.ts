// The integration guide's Gitea Actions "Report failure" step (seed 000), run by bash as
// Actions would run it: its ${{ … }} expressions filled in, its logs in a folder of its own,
// its Log Center address pointed at `url`. Nothing else in it changes.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixtureText } from './fixtures.ts';

/** What Gitea Actions puts in the environment of a run's steps (scripts/report-cicd-error.sh reads these). */
export const ACTIONS_ENV = {
  GITHUB_SERVER_URL: 'https://gitea.airlabs.art',
  GITHUB_REPOSITORY: 'zyc/rtc_backend',
  GITHUB_RUN_NUMBER: '24',
  GITHUB_RUN_ID: '987654',
  GITHUB_REF_NAME: 'main',
  GITHUB_SHA: 'abc1234def5678',
  GITHUB_JOB: 'build-and-deploy',
  GITHUB_WORKFLOW: 'Build and Deploy',
  GITHUB_ACTOR: 'zyc',
};

/** Runs the step for a failed `build` or `deploy` whose log is `log`; returns the server's JSON answer. */
export async function runGiteaStep(url: string, failed: 'build' | 'deploy', log: string) {
  const dir = mkdtempSync(join(tmpdir(), 'logcenter-gitea-'));
  try {
    writeFileSync(join(dir, `${failed}.log`), log);
    const values: Record<string, string> = {
      'steps.build.outcome': failed === 'build' ? 'failure' : 'success',
      'steps.deploy.outcome': failed === 'deploy' ? 'failure' : 'skipped',
      'github.ref_name': 'main',
      'github.sha': 'abc1234def5678abc1234def5678abc1234def56',
      'github.workflow': 'Build and Deploy',
      'github.run_number': '24',
      'github.actor': 'zyc',
      'github.repository': 'zyc/your_project',
    };
    const script = fixtureText('seed-000/gitea-report-step.sh')
      .replace(/\$\{\{ ([\w.]+) \}\}/g, (_, key: string) => values[key] ?? '')
      .replaceAll('/tmp/', `${dir}/`)
      .replace('https://qiyuan-log-center-api.airlabs.art', url);
    // Asynchronously: a server in this process must keep answering meanwhile.
    const { stdout } = await promisify(execFile)('bash', ['-c', script], { encoding: 'utf8' });
    return JSON.parse(stdout) as { message: string; id: number };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
