// `logcenter ci-log` as a CI job runs it, against the real server: output passed through
// untouched, every line in the build's log in order, the step and build marked, the exit
// code kept, a CI report linked to the log on failure, and the log kept on disk while the
// server is away.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { test } from '../testkit/test.ts';
import { buildPath } from '../testkit/seed.ts';
import { get } from '../helpers/http.ts';
import { ACTIONS_ENV } from '../helpers/gitea-step.ts';
import { OccurrenceBuildQuery } from '../builds/operations.ts';

const bin = new URL('../../bin/logcenter.js', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'logcenter-ci-log-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Run = { code: number | null; stdout: Buffer; stderr: string };

function ciLog(url: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'ci-log', ...args], {
      env: { ...process.env, ...ACTIONS_ENV, LOG_CENTER_URL: url, LOGCENTER_SPOOL_DIR: join(work, 'spool'), ...env },
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}

// Colours, CRLF, a multi-byte character split across writes, a group, and a line with no newline at the end.
const STEP = String.raw`
printf '\033[32mcompiling\033[0m\r\n'
printf '::group::Install\n'; printf 'dep 1\ndep 2\n'; printf '::endgroup::\n'
printf '\xe4\xb8'; sleep 0.3; printf '\xad\xe6\x96\x87\n'
for i in $(seq 1 60); do echo "test $i"; done
echo 'assert failed' >&2
printf 'no newline'
exit 3`;

describe('logcenter ci-log', () => {
  test('passes output through, streams every line in order, marks the failure, and reports it with the log', async ({
    server,
    gql,
  }) => {
    const project = 'ci_log_fail';
    const run = await ciLog(server.url, ['--project', project, '--step', 'unit tests', '--', 'bash', '-c', STEP]);
    expect(run.code).toBe(3);
    expect(run.stdout.toString()).toContain('\u001b[32mcompiling\u001b[0m\r\n::group::Install\n');
    expect(run.stdout.toString()).toContain('中文\n');

    // Pipeline and build come from the Actions variables.
    const path = buildPath(project, ACTIONS_ENV.GITHUB_WORKFLOW, ACTIONS_ENV.GITHUB_RUN_NUMBER);
    const { body } = await get(server.url, `${path}/logs?num=1000`);
    const lines = body.lines as { lineNo: number; message: string; logType: string; tag: string }[];
    expect(lines.slice(0, 6).map((l) => [l.logType, l.message])).toEqual([
      ['LOG', '\u001b[32mcompiling\u001b[0m'],
      ['FOLD_START', 'Install'],
      ['LOG', 'dep 1'],
      ['LOG', 'dep 2'],
      ['FOLD_END', ''],
      ['LOG', '中文'],
    ]);
    expect(lines.at(-1)!.message).toBe('no newline');
    expect(lines).toHaveLength(6 + 60 + 2);
    expect(lines.every((l) => l.tag === 'unit tests')).toBe(true);
    expect(lines.map((l) => l.lineNo)).toEqual(lines.map((_, i) => i + 1));

    const build = await get(server.url, path);
    expect(build.body).toMatchObject({ status: 'FAILURE', steps: [{ tag: 'unit tests', status: 'FAILURE' }] });

    // The contract's CI report: type from the step name, the last 50 lines, linked to the build.
    const issue = await server.app.db.prisma.issue.findFirstOrThrow({
      where: { projectId: project },
      include: { occurrences: true },
    });
    expect(issue).toMatchObject({ source: 'cicd', errorType: 'TestFailure' });
    const occurrence = issue.occurrences[0]!;
    expect(occurrence.stackTrace).toHaveLength(50);
    expect(occurrence.stackTrace.at(-1)).toBe('no newline');
    expect(occurrence.context).toMatchObject({
      workflow: 'Build and Deploy',
      run_id: '24',
      build_log_url: `${server.url}${path}/logs/download?executeCount=1`,
    });
    const linked = await gql.run(OccurrenceBuildQuery, { id: issue.id });
    expect(linked.issue!.occurrences.edges[0]!.node.build).toMatchObject({ failingStep: { tag: 'unit tests' } });
  });

  test('ends a successful step (and with --final, the build), sending no report', async ({ server }) => {
    const project = 'ci_log_ok';
    const args = ['--project', project, '--pipeline', 'Nightly', '--build', '7'];
    expect((await ciLog(server.url, [...args, '--step', 'build', '--', 'echo', 'built'])).code).toBe(0);
    const path = buildPath(project, 'Nightly', '7');
    expect((await get(server.url, path)).body).toMatchObject({ status: 'RUNNING', steps: [{ status: 'SUCCESS' }] });
    expect((await ciLog(server.url, [...args, '--step', 'deploy', '--final', '--', 'true'])).code).toBe(0);
    expect((await get(server.url, path)).body).toMatchObject({
      status: 'SUCCESS',
      steps: [
        { tag: 'build', status: 'SUCCESS', lineCount: 1 },
        { tag: 'deploy', status: 'SUCCESS', lineCount: 0 },
      ],
    });
    expect(await server.app.db.prisma.issue.count({ where: { projectId: project } })).toBe(0);
  });

  test('keeps the log on disk while the server is away, and sends it in order with the next run', async ({
    server,
  }) => {
    const spoolDir = join(work, 'spool-away');
    const env = { LOGCENTER_SPOOL_DIR: spoolDir };
    const project = 'ci_log_away';
    const args = ['--project', project, '--pipeline', 'Offline', '--build', '1'];
    const away = await ciLog('http://127.0.0.1:9', [...args, '--step', 'one', '--', 'seq', '1', '500'], env);
    expect(away.code).toBe(0);
    expect(away.stdout.toString()).toBe(Array.from({ length: 500 }, (_, i) => `${i + 1}\n`).join(''));
    expect(away.stderr).toContain('unreachable');
    expect(readdirSync(spoolDir).length).toBeGreaterThan(0);

    const back = await ciLog(server.url, [...args, '--step', 'two', '--', 'echo', 'after'], env);
    expect(back.code).toBe(0);
    expect(readdirSync(spoolDir)).toEqual([]);
    const { body } = await get(server.url, `${buildPath(project, 'Offline', '1')}/logs?num=1000`);
    expect(body.lines.map((l: { message: string }) => l.message)).toEqual([
      ...Array.from({ length: 500 }, (_, i) => `${i + 1}`),
      'after',
    ]);
  });
});
