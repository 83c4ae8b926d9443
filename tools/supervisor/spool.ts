// Reports that could not be sent wait on disk and go out the next time.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { postReport } from '../report.ts';

export function spoolDir(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.LOGCENTER_SPOOL_DIR || join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'logcenter', 'spool')
  );
}

export function spool(report: unknown, dir = spoolDir()): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(report));
  renameSync(`${file}.tmp`, file);
  return file;
}

/** Sends what is waiting, oldest first; stops at the first failure that may pass later. Returns how many went out. */
export async function flushSpool(dir = spoolDir(), timeoutMs = 5000): Promise<number> {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return 0;
  }
  let sent = 0;
  for (const name of files) {
    const path = join(dir, name);
    let report: unknown;
    try {
      report = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      rmSync(path, { force: true });
      continue;
    }
    const result = await postReport(report, { timeoutMs });
    if (!result.ok && result.retryable) break;
    // Sent, or refused for good (a 4xx would be refused again): either way it leaves the spool.
    rmSync(path, { force: true });
    if (result.ok) sent++;
  }
  return sent;
}
