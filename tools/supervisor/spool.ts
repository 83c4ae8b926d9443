// Requests that could not be sent wait on disk, in order, and go out the next time.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { reportRequest, send, type ApiRequest } from '../report.ts';

export function spoolDir(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.LOGCENTER_SPOOL_DIR || join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'logcenter', 'spool')
  );
}

// Names sort in the order they were written: the time, then a count within this process.
let written = 0;

export function spool(request: ApiRequest, dir = spoolDir()): string {
  mkdirSync(dir, { recursive: true });
  const seq = String(++written).padStart(8, '0');
  const file = join(dir, `${Date.now()}-${process.pid}-${seq}-${Math.random().toString(36).slice(2, 8)}.json`);
  writeFileSync(`${file}.tmp`, JSON.stringify(request));
  renameSync(`${file}.tmp`, file);
  return file;
}

/** A spooled request; files of earlier releases hold a bare report. */
function requestOf(saved: unknown): ApiRequest {
  const r = saved as Partial<ApiRequest> | null;
  return r && typeof r.path === 'string' && (r.method === 'POST' || r.method === 'PUT')
    ? (r as ApiRequest)
    : reportRequest(saved);
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
    let saved: unknown;
    try {
      saved = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      rmSync(path, { force: true });
      continue;
    }
    const result = await send(requestOf(saved), { timeoutMs });
    if (!result.ok && result.retryable) break;
    // Sent, or refused for good (a 4xx would be refused again): either way it leaves the spool.
    rmSync(path, { force: true });
    if (result.ok) sent++;
  }
  return sent;
}

/** Whether anything waits in the spool. */
export function spooled(dir = spoolDir()): boolean {
  try {
    return readdirSync(dir).some((f) => f.endsWith('.json'));
  } catch {
    return false;
  }
}
