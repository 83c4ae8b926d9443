// The example repair agent (`logcenter agent`), end to end against the real server.
import { TEST_ADMIN_TOKEN } from './helpers/auth.ts';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useServer } from './helpers/server.ts';
import { put } from './helpers/http.ts';
import { as } from './testkit/client.ts';
import { seed } from './testkit/seed.ts';
import { IssueQuery } from './graphql/operations.ts';

const server = useServer();
const bin = new URL('../bin/logcenter.js', import.meta.url).pathname;
const workdir = realpathSync(mkdtempSync(join(tmpdir(), 'logcenter-agent-code-')));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

function runAgent(args: string[]) {
  const child = spawn(process.execPath, [bin, 'agent', ...args], {
    env: { ...process.env, LOG_CENTER_URL: server().url, LOG_CENTER_TOKEN: TEST_ADMIN_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exit, output: () => output };
}

const pendingFixIssue = (project: string) =>
  seed(server().url).project(project).issue({ status: 'PENDING_FIX', type: 'AgentError' });
const history = async (id: number) => (await as(server().url).run(IssueQuery, { id, bucket: 'DAY' })).issue!;

describe('logcenter agent', { timeout: 60_000 }, () => {
  it('claims a waiting issue, runs the handler in local_path with the issue, and reports FIXED with its details', async () => {
    await put(server().url, '/api/v1/projects/agent_e2e', {
      repo_url: 'git@git.example.com:team/e2e.git',
      local_path: workdir,
    });
    const id = await pendingFixIssue('agent_e2e');
    const handler = [
      'pwd > handler-cwd.txt',
      'echo "fixing $LOGCENTER_ISSUE_ID $LOGCENTER_ERROR_TYPE in $LOGCENTER_REPO_URL"',
      'printf \'{"commit":"c0ffee","branch":"fix/agent-e2e","prUrl":"https://git.example.com/pr/1","summary":"patched"}\' > "$LOGCENTER_RESULT_FILE"',
    ].join(' && ');
    const agent = runAgent(['--agent-id', 'e2e-agent', '--project', 'agent_e2e', '--once', '--', 'sh', '-c', handler]);
    expect(await agent.exit, agent.output()).toBe(0);

    expect(agent.output()).toContain(`claimed issue #${id} AgentError`);
    expect(agent.output()).toContain('repo_url: git@git.example.com:team/e2e.git');
    expect(agent.output()).toContain(`local_path: ${workdir}`);
    expect(agent.output()).toContain(`fixing ${id} AgentError in git@git.example.com:team/e2e.git`);
    expect(readFileSync(join(workdir, 'handler-cwd.txt'), 'utf8').trim()).toBe(workdir);

    const issue = await history(id);
    expect(issue.status).toBe('FIXED');
    expect(issue.transitions.slice(-2)).toEqual([
      expect.objectContaining({ from: 'PENDING_FIX', to: 'FIXING', actor: 'e2e-agent' }),
      expect.objectContaining({
        from: 'FIXING',
        to: 'FIXED',
        actor: 'e2e-agent',
        fix: {
          outcome: 'FIXED',
          commit: 'c0ffee',
          branch: 'fix/agent-e2e',
          prUrl: 'https://git.example.com/pr/1',
          summary: 'patched',
        },
      }),
    ]);
  });

  it('reports FIX_FAILED with the exit code and the output tail when the handler fails', async () => {
    const id = await pendingFixIssue('agent_e2e_fail');
    const agent = runAgent([
      '--agent-id',
      'failing-agent',
      '--project',
      'agent_e2e_fail',
      '--once',
      '--',
      'sh',
      '-c',
      'echo "cannot reproduce locally" >&2; exit 3',
    ]);
    expect(await agent.exit, agent.output()).toBe(0);
    const issue = await history(id);
    expect(issue.status).toBe('FIX_FAILED');
    expect(issue.transitions.at(-1)?.fix).toMatchObject({
      outcome: 'FIX_FAILED',
      summary: expect.stringMatching(/handler exited with code 3\s+cannot reproduce locally/),
    });
  });

  it('takes an issue that enters PENDING_FIX while it waits', async () => {
    const agent = runAgent([
      '--agent-id',
      'waiting-agent',
      '--project',
      'agent_e2e_live',
      '--no-backlog',
      '--once',
      '--',
      'true',
    ]);
    for (let i = 0; i < 100 && !agent.output().includes('waiting for PENDING_FIX'); i++)
      await new Promise((r) => setTimeout(r, 100));
    // The subscription may take a moment to be live: keep offering issues until one is taken.
    let id = 0;
    for (let i = 0; i < 20 && agent.child.exitCode === null; i++) {
      id = await pendingFixIssue('agent_e2e_live');
      await Promise.race([agent.exit, new Promise((r) => setTimeout(r, 500))]);
    }
    expect(await agent.exit, agent.output()).toBe(0);
    const fixed = agent.output().match(/reported issue #(\d+) FIXED/);
    expect(fixed, agent.output()).not.toBeNull();
    expect((await history(Number(fixed![1]))).status).toBe('FIXED');
    expect(id).toBeGreaterThan(0);
  });

  it('refuses to start without a handler command', async () => {
    const agent = runAgent(['--once']);
    expect(await agent.exit).toBe(2);
    expect(agent.output()).toMatch(/a handler command is required after --/);
  });
});
