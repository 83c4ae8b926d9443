// The ingestion pipeline alone on the embedded database, in a process with the server's
// embedded Node flags (bench/pipeline.ts starts it): batches of 2 KB reports straight into
// the ingester the routes call (createIngester), no HTTP. Sends {reportsPerSecond, dbMsPerBatch} when done;
// with PIPELINE_PROFILE set, writes the measured part's V8 CPU profile to that file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../server/src/db/client.ts';
import { createIngester, type Accepted } from '../server/src/ingest/pipeline.ts';
import { reportSchema } from '../server/src/ingest/report-schema.ts';
import { createLogger } from '../server/src/log.ts';
import { reportBody } from './reports.ts';

const [batchSize, seconds] = [Number(process.env.PIPELINE_BATCH), Number(process.env.PIPELINE_SECONDS)];
const profileFile = process.env.PIPELINE_PROFILE;
const WARM_UP_MS = 3000;

const dataDir = mkdtempSync(join(tmpdir(), 'logcenter-bench-pipeline-'));
const db = await openDatabase({ kind: 'pglite', dataDir }, {});
try {
  await db.migrate();
  for (let p = 0; p < 10; p++) await db.prisma.project.create({ data: { id: `bench_${p}`, name: `bench_${p}` } });
  const logger = createLogger('silent');
  let dbMs = 0;
  const sql = {
    async query<T>(name: string, text: string, values: unknown[]) {
      const started = performance.now();
      try {
        return await db.sql.query<T>(name, text, values);
      } finally {
        dbMs += performance.now() - started;
      }
    },
  };
  const deps = {
    sql,
    storage: { scrubSecrets: false, retentionDays: 0 },
    events: { publish() {} },
    logger,
  } as unknown as Parameters<typeof createIngester>[0];
  // One lane: a single batch is in flight at a time, as one request's reports.
  const ingester = createIngester(deps, { lanes: 1, maxBatch: batchSize });
  const body = reportBody(2048);
  const profiler = profileFile ? new Session() : undefined;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
  }
  const begun = performance.now();
  let start = begun;
  let reports = 0;
  for (let warm = false; ;) {
    const batch: Accepted[] = Array.from({ length: batchSize }, () => ({
      report: reportSchema.parse(JSON.parse(body())),
      receivedAt: new Date(),
    }));
    await ingester.ingest(batch);
    reports += batchSize;
    const now = performance.now();
    if (!warm && now - begun > WARM_UP_MS) {
      [warm, start, reports, dbMs] = [true, now, 0, 0];
      if (profiler) await profiler.post('Profiler.start');
    }
    if (warm && now - start > seconds * 1000) break;
  }
  const elapsed = (performance.now() - start) / 1000;
  if (profiler) writeFileSync(profileFile!, JSON.stringify((await profiler.post('Profiler.stop')).profile));
  await ingester.settled();
  process.send!({
    reportsPerSecond: Math.round(reports / elapsed),
    dbMsPerBatch: +(dbMs / (reports / batchSize)).toFixed(2),
  });
} finally {
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
}
