// The ingestion pipeline without HTTP: how fast the embedded database stores batches of 2 KB
// reports (bench/pipeline-child.ts), in a process with the server's own embedded flags. Next
// to `embedded`, it tells the database's share of the server's time from the rest.
import { fork } from 'node:child_process';
import { EMBEDDED_DATABASE_FLAGS } from '../scripts/node-flags.js';
import { saveResult, seconds, table, type Infra } from './lib.ts';

type Run = { reportsPerSecond: number; dbMsPerBatch: number };

function run(batch: number, duration: number): Promise<Run> {
  const child = fork(new URL('./pipeline-child.ts', import.meta.url).pathname, [], {
    execArgv: [...EMBEDDED_DATABASE_FLAGS, '--import', 'tsx'],
    env: { ...process.env, PIPELINE_BATCH: String(batch), PIPELINE_SECONDS: String(duration) },
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
    const { reportsPerSecond, dbMsPerBatch } = await run(batch, duration);
    rows.push({ 'batch of 2 KB reports': batch, 'reports/s': reportsPerSecond, 'database ms/batch': dbMsPerBatch });
  }
  table(rows);
  return saveResult('pipeline', { seconds: duration, flags: EMBEDDED_DATABASE_FLAGS, rows });
}
