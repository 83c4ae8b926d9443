// Memory of a small installation, against the targets of a 1 GB VM: the embedded default
// (`npm start`) on its first start and on a restart, idle and under the 2 KB ingestion load,
// and the server alone in PostgreSQL mode. The start peak is the larger of the server's own
// high-water mark (VmHWM) and the RSS of the server with the processes it starts (migrations,
// the database template), sampled while it starts; idle is RSS once it has been quiet for a
// while. The first start is measured as `npm install` leaves things (the embedded database's
// template made), and once without the template, which the server then makes itself.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { driveIngestion } from './ingestion.ts';
import { createDatabase, rssMiB, saveResult, seconds, startLogCenter, table, type Infra, type Proc } from './lib.ts';

const SETTLE_MS = 10_000;

const TARGETS = { idle: 200, firstStartPeak: 400, underLoad: 300, postgresIdle: 150 };

const hwmMiB = (pid: number) =>
  Math.round(Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) / 1024);
/** Sets the high-water mark back to the current RSS (Linux 4.0+), so that the load's peak is its own. */
const resetHwm = (pid: number) => writeFileSync(`/proc/${pid}/clear_refs`, '5');

type UnderLoad = { reportsPerSecond: number; rssMedianMiB: number; rssPeakMiB: number };

/** Starts, lets the server settle, and measures it; with `loaded`, then drives the 2 KB load at it. */
async function measure(
  env: Record<string, string>,
  loaded?: number,
): Promise<{ startPeak: number; idle: number; load?: UnderLoad }> {
  const server: Proc = await startLogCenter(env);
  try {
    const startPeak = Math.max(hwmMiB(server.child.pid!), server.startPeakMiB);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const idle = Math.round(rssMiB(server.child.pid!));
    if (!loaded) return { startPeak, idle };
    resetHwm(server.child.pid!);
    const run = await driveIngestion(server, 2048, loaded);
    // The high-water mark, not the samples: a spike between two samples counts too.
    const rssPeakMiB = Math.max(run.rssPeakMiB, hwmMiB(server.child.pid!));
    return {
      startPeak,
      idle,
      load: { reportsPerSecond: run.requestsPerSecond, rssMedianMiB: run.rssMedianMiB, rssPeakMiB },
    };
  } finally {
    await server.stop();
  }
}

const verdict = (value: number, target: number) =>
  `${value} (target < ${target}: ${value < target ? 'met' : 'not met'})`;

export async function footprint(infra: Infra) {
  const duration = seconds(30);
  const dataDir = mkdtempSync(join(tmpdir(), 'logcenter-bench-footprint-'));
  const bare = mkdtempSync(join(tmpdir(), 'logcenter-bench-footprint-bare-'));
  try {
    const noTemplate = await measure({ DATA_DIR: join(bare, 'data'), LOG_CENTER_CACHE_DIR: join(bare, 'cache') });
    const first = await measure({ DATA_DIR: dataDir });
    const again = await measure({ DATA_DIR: dataDir }, duration);
    const load = again.load!;
    const postgres = await measure({ DATABASE_URL: await createDatabase(infra.postgres, 'bench_footprint') });
    const rows = [
      {
        run: 'embedded, first start, no template',
        'start peak MiB': noTemplate.startPeak,
        'idle MiB': noTemplate.idle,
        'under 2 KB load': '',
      },
      {
        run: 'embedded, first start',
        'start peak MiB': verdict(first.startPeak, TARGETS.firstStartPeak),
        'idle MiB': verdict(first.idle, TARGETS.idle),
        'under 2 KB load': '',
      },
      {
        run: 'embedded, restart',
        'start peak MiB': again.startPeak,
        'idle MiB': verdict(again.idle, TARGETS.idle),
        'under 2 KB load': `${load.reportsPerSecond}/s, RSS median ${load.rssMedianMiB}, peak ${verdict(load.rssPeakMiB, TARGETS.underLoad)}`,
      },
      {
        run: 'PostgreSQL mode',
        'start peak MiB': postgres.startPeak,
        'idle MiB': verdict(postgres.idle, TARGETS.postgresIdle),
        'under 2 KB load': '',
      },
    ];
    table(rows);
    return saveResult('footprint', {
      seconds: duration,
      settleMs: SETTLE_MS,
      targets: TARGETS,
      noTemplate,
      first,
      again,
      postgres,
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(bare, { recursive: true, force: true });
  }
}
