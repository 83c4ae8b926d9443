// Embedded default: the same 2 KB ingestion load against `npm start` as it runs out of the
// box, PGlite in DATA_DIR and in-process pub/sub, no PostgreSQL or Redis.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPGliteFiles } from '../server/src/db/pglite.ts';
import { ceiling, driveIngestion } from './ingestion.ts';
import { rssMiB, saveResult, seconds, startLogCenter, table, type Infra } from './lib.ts';

const SIZE = 2048;

async function committed(dataDir: string): Promise<number> {
  const db = await openPGliteFiles(dataDir);
  try {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM occurrences');
    return rows[0]!.n;
  } finally {
    await db.close();
  }
}

export async function embedded(_infra: Infra) {
  const duration = seconds(60);
  const dataDir = mkdtempSync(join(tmpdir(), 'logcenter-bench-embedded-'));
  try {
    const base = await ceiling(SIZE, Math.min(duration, 20));
    const server = await startLogCenter({ DATA_DIR: dataDir });
    const idle = Math.round(rssMiB(server.child.pid!));
    let ours;
    try {
      ours = await driveIngestion(server, SIZE, duration);
    } finally {
      await server.stop();
    }
    const row = {
      report: `${SIZE / 1024} KB`,
      'reports/s': ours.requestsPerSecond,
      'ceiling/s': base.requestsPerSecond,
      ratio: (ours.requestsPerSecond / base.requestsPerSecond).toFixed(2),
      'p50 ms': ours.p50,
      'p99 ms': ours.p99,
      acknowledged: ours.ok,
      committed: await committed(dataDir),
      'errors+non2xx': ours.errors + ours.non2xx,
      'RSS idle MiB': idle,
      'RSS median/peak MiB': `${ours.rssMedianMiB}/${ours.rssPeakMiB}`,
      'CPU server/load': `${ours.cpu.server}/${ours.cpu['load generator']}`,
    };
    table([row]);
    if (row.committed < row.acknowledged) console.error('!! acknowledged reports missing from the database');
    return saveResult('embedded', { seconds: duration, rows: [row] });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
