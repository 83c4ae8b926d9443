// A child command run on our behalf: the signals we get are passed to it, and its end is
// told as an exit code the way a shell would (127 when it could not start, 128+signal when
// it was killed).
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

const FORWARDED = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT'] as const;

export type ChildEnd = {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError: Error | null;
  exitCode: number;
  /** It ended because we passed on a stop: of that signal, or with its conventional code (128 + signal). */
  stoppedAsAsked: boolean;
};

export async function superviseChild(child: ChildProcess): Promise<ChildEnd> {
  let forwarded: NodeJS.Signals | null = null;
  const handlers = FORWARDED.map((signal) => {
    const handler = () => {
      forwarded = signal;
      child.kill(signal);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const [code, signal, spawnError] = await new Promise<[number | null, NodeJS.Signals | null, Error | null]>(
    (resolve) => {
      child.once('error', (err) => resolve([null, null, err]));
      child.once('close', (c, s) => resolve([c, s, null]));
    },
  );
  for (const [s, h] of handlers) process.off(s, h);
  const exitCode = spawnError ? 127 : (code ?? 128 + (signal ? constants.signals[signal] : 0));
  const asked = forwarded as NodeJS.Signals | null;
  const stoppedAsAsked = asked !== null && (signal === asked || code === 128 + constants.signals[asked]);
  return { code, signal, spawnError, exitCode, stoppedAsAsked };
}
