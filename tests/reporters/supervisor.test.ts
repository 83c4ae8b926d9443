// `logcenter run`: real children that crash (Node, Python, shell, a signal) and one that
// only talks about panics; signal forwarding; reports kept on disk while the server is away.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.ts';

const server = useServer();
const prisma = () => server().app.db.prisma;
const bin = new URL('../../bin/logcenter.js', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'logcenter-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function supervise(project: string, command: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, 'run', '--project', project, '--env', 'staging', '--', ...command], {
    env: {
      ...process.env,
      LOG_CENTER_URL: server().url,
      LOGCENTER_SPOOL_DIR: join(work, `spool-${project}`),
      POD_NAME: 'api-7d9f-xk2',
      NODE_NAME: 'node-3',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, stdout: () => stdout, stderr: () => stderr };
}

const script = (name: string, text: string) => {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
};
const issuesOf = (projectId: string) =>
  prisma().issue.findMany({ where: { projectId }, include: { occurrences: true } });

describe('logcenter run', { timeout: 30_000 }, () => {
  it('reports a Node script that throws, with type, message, file and line, and keeps its exit code', async () => {
    const path = script(
      'throws.js',
      "console.log('starting');\nsetTimeout(() => {\n  throw new TypeError('cannot read id');\n}, 10);\n",
    );
    const run = supervise('run_node', ['node', path]);
    expect(await run.exit).toBe(1);
    expect(run.stdout()).toBe('starting\n');
    expect(run.stderr()).toContain('TypeError: cannot read id');
    const [issue] = await issuesOf('run_node');
    expect(issue).toMatchObject({
      errorType: 'TypeError',
      message: 'cannot read id',
      filePath: path,
      lineNumber: 3,
      level: 'CRITICAL',
    });
    const occurrence = issue!.occurrences[0]!;
    expect(occurrence.environment).toBe('staging');
    expect(occurrence.stackTrace.join('\n')).toContain(`at Timeout._onTimeout (${path}:3:9)`);
    expect(occurrence.context).toMatchObject({
      command: `node ${path}`,
      exit_code: 1,
      signal: null,
      pod_name: 'api-7d9f-xk2',
      node_name: 'node-3',
      host: expect.any(String),
    });
  });

  it('reports a Python script that raises', async () => {
    const path = script('raises.py', "def parse(raw):\n    return int(raw)\n\nparse('abc')\n");
    const run = supervise('run_python', ['python3', path]);
    expect(await run.exit).toBe(1);
    const [issue] = await issuesOf('run_python');
    expect(issue).toMatchObject({
      errorType: 'ValueError',
      message: "invalid literal for int() with base 10: 'abc'",
      filePath: path,
      lineNumber: 2,
    });
  });

  it('reports a shell script that exits 3, with its last words', async () => {
    const run = supervise('run_shell', ['sh', '-c', 'echo "database unreachable" >&2; exit 3']);
    expect(await run.exit).toBe(3);
    const [issue] = await issuesOf('run_shell');
    expect(issue).toMatchObject({
      errorType: 'ProcessExit',
      message: 'sh exited with code 3: database unreachable',
      filePath: 'sh',
    });
    expect(issue!.occurrences[0]!.context).toMatchObject({ exit_code: 3 });
  });

  it('reports a child killed by a signal, and exits with 128 + the signal', async () => {
    const run = supervise('run_killed', ['sh', '-c', 'kill -KILL $$']);
    expect(await run.exit).toBe(137);
    const [issue] = await issuesOf('run_killed');
    expect(issue).toMatchObject({ errorType: 'ProcessKilled', message: 'sh was killed by SIGKILL' });
    expect(issue!.occurrences[0]!.context).toMatchObject({ signal: 'SIGKILL', exit_code: null });
  });

  it('does not report a clean exit, even one that prints "panic:"', async () => {
    const run = supervise('run_clean', ['sh', '-c', 'echo "panic: just kidding" >&2; exit 0']);
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toContain('panic: just kidding');
    expect(await issuesOf('run_clean')).toEqual([]);
  });

  it('passes stdin through and forwards SIGTERM; a stop it passed on is not a crash', async () => {
    const path = script(
      'waits.js',
      "process.stdin.once('data', (d) => console.log('got ' + d.toString().trim()));\nprocess.on('SIGTERM', () => { console.log('stopping'); process.exit(143); });\n",
    );
    const run = supervise('run_term', ['node', path]);
    run.child.stdin.write('hello\n');
    // Only once the child runs is the stop the supervisor's to pass on (a busy machine starts slowly).
    await expect.poll(() => run.stdout(), { timeout: 12_000 }).toContain('got hello');
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(143);
    expect(run.stdout()).toBe('got hello\nstopping\n');
    expect(await issuesOf('run_term')).toEqual([]);

    const sleeper = supervise('run_term_signal', ['sh', '-c', 'echo ready; exec sleep 30']);
    await expect.poll(() => sleeper.stdout(), { timeout: 12_000 }).toContain('ready');
    sleeper.child.kill('SIGTERM');
    expect(await sleeper.exit).toBe(143);
    expect(await issuesOf('run_term_signal')).toEqual([]);
  });

  it('keeps the report on disk when Log Center is unreachable, and sends it next time', async () => {
    const spool = join(work, 'spool-away');
    const away = supervise('run_away', ['sh', '-c', 'echo "out of memory" >&2; exit 9'], {
      LOG_CENTER_URL: 'http://127.0.0.1:9',
      LOGCENTER_SPOOL_DIR: spool,
    });
    expect(await away.exit).toBe(9);
    expect(away.stderr()).toMatch(/Log Center unreachable .* the report waits in/);
    expect(readdirSync(spool)).toHaveLength(1);
    expect(await issuesOf('run_away')).toEqual([]);

    const next = supervise('run_back', ['true'], { LOGCENTER_SPOOL_DIR: spool });
    expect(await next.exit).toBe(0);
    expect(readdirSync(spool)).toHaveLength(0);
    const [issue] = await issuesOf('run_away');
    expect(issue).toMatchObject({ errorType: 'ProcessExit', message: 'sh exited with code 9: out of memory' });
  });

  it('says how to use it', async () => {
    const run = spawn(process.execPath, [bin, 'run', '--', 'true']);
    let err = '';
    run.stderr.on('data', (d) => (err += d));
    expect(await new Promise((r) => run.on('exit', r))).toBe(2);
    expect(err).toMatch(/--project is required/);
  });
});
