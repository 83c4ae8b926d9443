// The real sentry-cli binary (npm @sentry/cli's, from @sentry/cli-linux-x64), pointed at a
// Log Center server with a token: nothing of a developer's own Sentry set-up is read.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const binary = join(
  createRequire(import.meta.url).resolve('@sentry/cli-linux-x64/package.json'),
  '..',
  'bin',
  'sentry-cli',
);

export type CliResult = { code: number; stdout: string; stderr: string };

export function sentryCli(
  url: string,
  token: string,
  args: string[],
  { cwd, env = {} }: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  const home = mkdtempSync(join(tmpdir(), 'sentry-cli-home-'));
  return new Promise((resolve) => {
    execFile(
      binary,
      args,
      {
        cwd,
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: home,
          SENTRY_URL: url,
          SENTRY_AUTH_TOKEN: token,
          SENTRY_ORG: 'acme',
          SENTRY_LOG_LEVEL: 'warn',
          ...env,
        },
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
