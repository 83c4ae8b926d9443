// `logcenter run --project ID [--env E] -- CMD ARGS…`: runs CMD as a child with its input
// and output passed through, and reports it once if it dies abnormally — with the error
// parsed from its stderr where that is possible, and where it ran. Signals are passed to the
// child; the exit code is the child's (128+signal when killed). Reports that cannot be sent
// are kept on disk and sent next time.
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { postReport, reportRequest, serverUrl } from '../report.ts';
import { parseCrash } from './parse-crash.ts';
import { flushSpool, spool } from './spool.ts';
import { superviseChild } from './child.ts';

export const RUN_USAGE = `usage: logcenter run --project ID [--env ENVIRONMENT] [--level LEVEL] -- COMMAND [ARGS…]

Runs COMMAND and reports it to Log Center (LOG_CENTER_URL) if it crashes: a non-zero exit,
a signal, a panic, an uncaught exception. A clean exit is never reported.
`;

const TAIL_LINES = 200;

function tail() {
  let text = '';
  return {
    push(chunk: Buffer) {
      text += chunk.toString('utf8');
      if (text.length > 256 * 1024) text = text.slice(-128 * 1024);
    },
    lines: () => text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n').slice(-TAIL_LINES),
    text: () => text,
  };
}

type Options = { project: string; environment: string; level: string; command: string[] };

function parse(argv: string[]): Options {
  const split = argv.indexOf('--');
  const { values } = parseArgs({
    args: split === -1 ? argv : argv.slice(0, split),
    options: { project: { type: 'string' }, env: { type: 'string' }, level: { type: 'string', default: 'CRITICAL' } },
  });
  const command = split === -1 ? [] : argv.slice(split + 1);
  if (!values.project) throw new Error('--project is required');
  if (command.length === 0) throw new Error('a command is required after --');
  return {
    project: values.project,
    environment: values.env ?? process.env.ENVIRONMENT ?? 'production',
    level: values.level,
    command,
  };
}

function where() {
  const inKubernetes = !!process.env.KUBERNETES_SERVICE_HOST;
  return {
    host: hostname(),
    pod_name: process.env.POD_NAME ?? (inKubernetes ? (process.env.HOSTNAME ?? null) : null),
    namespace: process.env.POD_NAMESPACE ?? null,
    node_name: process.env.NODE_NAME ?? null,
  };
}

export async function runSupervised(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parse(argv);
  } catch (err) {
    process.stderr.write(`logcenter run: ${(err as Error).message}\n\n${RUN_USAGE}`);
    return 2;
  }
  const [cmd, ...args] = options.command;
  const earlier = flushSpool().catch(() => 0);
  const started = Date.now();
  const stderr = tail();
  const child = spawn(cmd!, args, { stdio: ['inherit', 'inherit', 'pipe'] });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk);
    process.stderr.write(chunk);
  });

  const { code, signal, spawnError, exitCode, stoppedAsAsked } = await superviseChild(child);

  // A clean exit is not a crash, nor is a stop we passed on.
  const crashed = !stoppedAsAsked && (spawnError !== null || (code !== 0 && code !== null) || signal !== null);
  if (crashed) {
    const parsed = spawnError ? null : parseCrash(stderr.text());
    const how = spawnError
      ? `could not start: ${spawnError.message}`
      : signal
        ? `was killed by ${signal}`
        : `exited with code ${code}`;
    const lastLine = stderr
      .lines()
      .filter((l) => l.trim())
      .at(-1);
    const report = {
      project_id: options.project,
      environment: options.environment,
      level: options.level,
      error: {
        type: parsed?.type ?? (spawnError ? 'SpawnError' : signal ? 'ProcessKilled' : 'ProcessExit'),
        message: parsed?.message ?? `${basename(cmd!)} ${how}${lastLine ? `: ${lastLine}` : ''}`,
        file_path: parsed?.filePath ?? basename(cmd!),
        line_number: parsed?.lineNumber ?? null,
        stack_trace: stderr.text().trim() ? stderr.lines() : [`${basename(cmd!)} ${how}`],
      },
      context: {
        command: options.command.join(' '),
        exit_code: signal ? null : code,
        signal,
        uptime_seconds: Math.round((Date.now() - started) / 1000),
        ...where(),
      },
    };
    const result = await postReport(report, { timeoutMs: 5000 });
    if (result.ok) {
      process.stderr.write(`logcenter run: reported the crash to ${serverUrl()}\n`);
    } else if (result.retryable) {
      const file = spool(reportRequest(report));
      process.stderr.write(`logcenter run: Log Center unreachable (${result.error}); the report waits in ${file}\n`);
    } else {
      process.stderr.write(`logcenter run: Log Center refused the report: ${result.error}\n`);
    }
  }
  // Reports left from earlier runs get a few seconds to go out too.
  await Promise.race([earlier, new Promise((r) => setTimeout(r, 5000).unref())]);
  return exitCode;
}
