// The CI/CD reporters — scripts/report-cicd-error.sh (with and without jq) and
// `logcenter report-ci` — against the real server and a recording stand-in.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.ts';
import { startCapture, type Capture } from '../helpers/capture.ts';
import { fingerprint } from '../../server/src/ingest/fingerprint.ts';
import { requireIngestKey } from '../helpers/keys.ts';
import { ACTIONS_ENV } from '../helpers/gitea-step.ts';

const server = useServer();
const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const script = join(root, 'scripts/report-cicd-error.sh');
const bin = join(root, 'bin/logcenter.js');
const work = mkdtempSync(join(tmpdir(), 'logcenter-ci-'));
let capture: Capture;

// A PATH with everything the script uses except jq.
const noJq = join(work, 'bin-without-jq');
beforeAll(async () => {
  // Both of the script's paths are tested: with jq (installed by .ci/run) and without.
  await run('sh', ['-c', 'command -v jq']).catch(() => {
    throw new Error('jq is needed for this test: apt-get install jq');
  });
  capture = await startCapture();
  mkdirSync(noJq);
  for (const tool of ['bash', 'tail', 'tr', 'iconv', 'sed', 'awk', 'mawk', 'curl', 'cat', 'mktemp', 'rm']) {
    const found = await run('sh', ['-c', `command -v ${tool}`]).then(
      (r) => r.stdout.trim(),
      () => '',
    );
    if (found) symlinkSync(found, join(noJq, tool));
  }
});
afterAll(async () => {
  await capture.close();
  rmSync(work, { recursive: true, force: true });
});

type Reporter = 'script' | 'script without jq' | 'report-ci';
async function report(reporter: Reporter, url: string, args: string[], env: Record<string, string> = ACTIONS_ENV) {
  const base = { ...process.env, ...env, LOG_CENTER_URL: url };
  if (reporter === 'report-ci') return run(process.execPath, [bin, 'report-ci', ...args], { env: base });
  if (reporter === 'script') return run('bash', [script, ...args], { env: base });
  return run(join(noJq, 'bash'), [script, ...args], { env: { ...base, PATH: noJq } });
}

// Quotes, backslashes, ANSI colours, tabs, CRLF, a NUL byte and invalid UTF-8.
const nastyLog = Buffer.concat([
  Buffer.from('Step 7/9 : RUN npm ci\r\n'),
  Buffer.from('\u001b[31mnpm ERR!\u001b[0m code "ELIFECYCLE" in C:\\build\\app\ttab\n'),
  Buffer.from([0x62, 0x61, 0x64, 0x20, 0xff, 0xfe, 0x00, 0x20]),
  Buffer.from('中文 é\n'),
  Buffer.from('ERROR: failed to solve\n'),
]);
const nastyLines = [
  'Step 7/9 : RUN npm ci',
  '\u001b[31mnpm ERR!\u001b[0m code "ELIFECYCLE" in C:\\build\\app\ttab',
  'bad  中文 é',
  'ERROR: failed to solve',
];

describe.each<Reporter>(['script', 'script without jq', 'report-ci'])('%s', (reporter) => {
  it('sends the last 100 lines of a log, escaped whatever the bytes, with the Actions context', async () => {
    const log = join(work, `build-${reporter.replace(/ /g, '-')}.log`);
    const filler = Array.from({ length: 150 }, (_, i) => `filler ${i}`).join('\n') + '\n';
    writeFileSync(log, Buffer.concat([Buffer.from(filler), nastyLog]));
    const { stdout } = await report(reporter, server().url, ['rtc_backend', 'Build Docker Image', log]);
    const id = Number(stdout.match(/"id":(\d+)/)?.[1]);
    expect(stdout).toMatch(/"message":"Log (reported|deduplicated)"/);

    const issue = await server().app.db.prisma.issue.findUniqueOrThrow({
      where: { id },
      include: { occurrences: { orderBy: { id: 'desc' }, take: 1 } },
    });
    expect(issue).toMatchObject({
      source: 'cicd',
      errorType: 'DockerBuildError',
      level: 'ERROR',
      projectId: 'rtc_backend',
    });
    expect(issue.fingerprint).toBe(
      fingerprint({
        projectId: 'rtc_backend',
        source: 'cicd',
        errorType: 'DockerBuildError',
        context: { job_name: 'build-and-deploy', step_name: 'Build Docker Image' },
      }),
    );
    const occurrence = issue.occurrences[0]!;
    expect(occurrence.stackTrace).toHaveLength(100);
    expect(occurrence.stackTrace.slice(-4)).toEqual(nastyLines);
    expect(occurrence).toMatchObject({
      environment: 'main',
      commitHash: 'abc1234def5678',
      message: '[Build Docker Image] Build and Deploy failed on branch main',
    });
    expect(occurrence.context).toEqual({
      job_name: 'build-and-deploy',
      step_name: 'Build Docker Image',
      workflow: 'Build and Deploy',
      run_id: '24',
      branch: 'main',
      actor: 'zyc',
      commit: 'abc1234def5678',
      run_url: 'https://gitea.airlabs.art/zyc/rtc_backend/actions/runs/24',
    });
    const project = await server().app.db.prisma.project.findUniqueOrThrow({ where: { id: 'rtc_backend' } });
    expect(project.repoUrl).toBe('https://gitea.airlabs.art/zyc/rtc_backend.git');
  });

  it('sends LOG_CENTER_KEY, for a project that accepts reports only with its key', async () => {
    const project = `ci_keyed_${reporter.replace(/ /g, '_').replace('-', '_')}`;
    const key = await requireIngestKey(server().url, project);
    const refused = await report(reporter, server().url, [project, 'Run Tests', 'tests failed']);
    expect(refused.stdout + refused.stderr).toMatch(/key_required/);
    const { stdout } = await report(reporter, server().url, [project, 'Run Tests', 'tests failed'], {
      ...ACTIONS_ENV,
      LOG_CENTER_KEY: key.publicKey,
    });
    expect(stdout).toMatch(/"message":"Log reported"/);
  });

  it('sends a message that is not a file as the message and the trace', async () => {
    await report(reporter, capture.url, ['rtc_web', 'Run Tests', 'Docker build failed: exit code 1'], {});
    expect(capture.requests.at(-1)!.json).toMatchObject({
      project_id: 'rtc_web',
      environment: 'unknown',
      source: 'cicd',
      error: {
        type: 'TestFailure',
        message: 'Docker build failed: exit code 1',
        stack_trace: ['Docker build failed: exit code 1'],
      },
      context: { step_name: 'Run Tests', run_url: null, job_name: null },
    });
  });

  it('gives up after 3 seconds and never fails the pipeline', async () => {
    // A port that accepts nothing: refused at once. A blackhole address would wait the 3 s.
    const start = Date.now();
    const { stderr } = await report(reporter, 'http://127.0.0.1:9', ['p', 'Lint', 'x']);
    expect(Date.now() - start).toBeLessThan(8000);
    expect(stderr).toMatch(/could not reach Log Center|could not report to Log Center/);
  });
});

describe('the script and report-ci', () => {
  it('send the same payload', async () => {
    const log = join(work, 'same.log');
    writeFileSync(log, nastyLog);
    const before = capture.requests.length;
    for (const reporter of ['script', 'script without jq', 'report-ci'] as const) {
      await report(reporter, capture.url, ['rtc_backend', 'npm run build', log]);
    }
    const [jq, awk, ts] = capture.requests.slice(before).map((r) => r.json);
    expect(jq.error.stack_trace).toEqual(nastyLines);
    expect(awk).toEqual(jq);
    expect(ts).toEqual(jq);
  });

  it('print their usage on missing arguments and still exit 0', async () => {
    const { stderr } = await report('script', capture.url, ['only-project']);
    expect(stderr).toMatch(/usage:/);
    const ts = await report('report-ci', capture.url, []);
    expect(ts.stderr).toMatch(/usage: logcenter report-ci/);
  });
});
