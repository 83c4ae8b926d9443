// The ingestion pipeline without HTTP: how fast the embedded database stores batches of 2 KB
// reports (bench/pipeline-child.ts), in a process with the server's own embedded flags. Next
// to `embedded`, it tells the database's share of the server's time from the rest.
import { fork } from 'node:child_process';
import { EMBEDDED_DATABASE_FLAGS } from '../scripts/node-flags.js';
import { saveResult, seconds, table, type Infra } from './lib.ts';

type Run = { reportsPerSecond: number; dbMsPerBatch: number };

/**
 * One run of bench/pipeline-child.ts, by default with the server's embedded flags. `profile`:
 * a file for the V8 CPU profile of the measured part (scripts/pglite-hot-functions.ts).
 */
export function runPipeline(
  batch: number,
  duration: number,
  { nodeFlags = EMBEDDED_DATABASE_FLAGS, profile = '' } = {},
): Promise<Run> {
  const child = fork(new URL('./pipeline-child.ts', import.meta.url).pathname, [], {
    execArgv: [...nodeFlags, '--import', 'tsx'],
    env: {
      ...process.env,
      PIPELINE_BATCH: String(batch),
      PIPELINE_SECONDS: String(duration),
      PIPELINE_PROFILE: profile,
    },
  });
  return new Promise((resolve, reject) => {
    child.once('message', (result) => resolve(result as Run));
    child.once('exit', (code) => reject(new Error(`the pipeline run exited (${code}) without a result`)));
  });
}

export async function pipeline(_infra: Infra) {
  const duration = seconds(20);
  const rows = [];
  for (const batch of [40, 100]) {
    const { reportsPerSecond, dbMsPerBatch } = await runPipeline(batch, duration);
    rows.push({ 'batch of 2 KB reports': batch, 'reports/s': reportsPerSecond, 'database ms/batch': dbMsPerBatch });
  }
  table(rows);
  return saveResult('pipeline', { seconds: duration, flags: EMBEDDED_DATABASE_FLAGS, rows });
}
