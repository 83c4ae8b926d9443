// Measures which of PGlite's WebAssembly functions the embedded server should have optimised
// up front (server/src/db/pglite-wasm.ts) and writes server/src/db/pglite-hot-functions.json.
// Run it after upgrading @electric-sql/pglite: `npm run pglite:hot-functions` (a test fails
// until then). ~1 minute.
//
// 1. The ingestion pipeline (bench/pipeline-child.ts) runs on V8's baseline compiler alone
//    under V8's CPU profiler; the functions that take HOT_SHARE of its time in PGlite are the
//    candidates.
// 2. Each large candidate is compiled alone, optimised, in a child process; one whose
//    compilation needs more than MAX_COMPILE_MIB (PostgreSQL's SQL parser needs ~600) is left
//    on the baseline compiler.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPipeline } from '../bench/pipeline.ts';
import { inProject } from '../server/src/paths.ts';
import {
  functionBodySizes,
  pgliteWasmPath,
  sha256,
  withCompilationHints,
  type HotFunctions,
} from '../server/src/db/pglite-wasm.ts';
import { EMBEDDED_DATABASE_FLAGS } from './node-flags.js';

const HOT_SHARE = 0.98;
const LARGE_BODY_BYTES = 32 * 1024;
const MAX_COMPILE_MIB = 64;
const SECONDS = 20;
const OUTPUT = inProject('server', 'src', 'db', 'pglite-hot-functions.json');

type CpuProfile = { nodes: { callFrame: { functionName: string; url: string }; hitCount: number }[] };

/** Self time per function (declared index) of the module that took the most WebAssembly time. */
function wasmSelfTime(profile: CpuProfile, imported: number): Map<number, number> {
  const byModule = new Map<string, Map<number, number>>();
  for (const { callFrame, hitCount } of profile.nodes) {
    const index = /^wasm-function\[(\d+)\]$/.exec(callFrame.functionName)?.[1];
    if (index === undefined || hitCount === 0) continue;
    const hits = byModule.get(callFrame.url) ?? new Map<number, number>();
    byModule.set(callFrame.url, hits);
    const declared = Number(index) - imported;
    hits.set(declared, (hits.get(declared) ?? 0) + hitCount);
  }
  const total = (hits: Map<number, number>) => [...hits.values()].reduce((a, b) => a + b, 0);
  const modules = [...byModule.values()].sort((a, b) => total(b) - total(a));
  if (modules.length === 0) throw new Error('the profile has no WebAssembly samples');
  return modules[0]!;
}

/** In a child process (this script with --compile-peak F): MiB its compilation, optimised, adds to the peak. */
function compilePeakMiB(declared: number): number {
  const out = execFileSync(
    process.execPath,
    [...EMBEDDED_DATABASE_FLAGS, '--import', 'tsx', import.meta.filename, '--compile-peak', String(declared)],
    {
      encoding: 'utf8',
    },
  );
  return Number(out.trim());
}

const statusMiB = (field: 'VmHWM' | 'VmRSS') =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;

async function measure() {
  const wasm = readFileSync(pgliteWasmPath());
  const imported = WebAssembly.Module.imports(new WebAssembly.Module(wasm)).filter((i) => i.kind === 'function').length;
  const sizes = functionBodySizes(wasm);
  const dir = mkdtempSync(join(tmpdir(), 'logcenter-hot-functions-'));
  let selfTime: Map<number, number>;
  try {
    const profile = join(dir, 'pipeline.cpuprofile');
    await runPipeline(40, SECONDS, { nodeFlags: ['--liftoff-only'], profile });
    selfTime = wasmSelfTime(JSON.parse(readFileSync(profile, 'utf8')) as CpuProfile, imported);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
  const candidates: number[] = [];
  let covered = 0;
  for (const [declared, hits] of [...selfTime].sort((a, b) => b[1] - a[1])) {
    if (covered >= HOT_SHARE * total) break;
    candidates.push(declared);
    covered += hits;
  }
  const left: { function: number; bodyBytes: number; compileMiB: number }[] = [];
  for (const declared of candidates.filter((f) => sizes[f]! > LARGE_BODY_BYTES)) {
    const compileMiB = Math.round(compilePeakMiB(declared));
    console.log(`function ${declared} (${sizes[declared]} bytes): ${compileMiB} MiB to optimise`);
    if (compileMiB > MAX_COMPILE_MIB) left.push({ function: declared, bodyBytes: sizes[declared]!, compileMiB });
  }
  const functions = candidates.filter((f) => !left.some((l) => l.function === f)).sort((a, b) => a - b);
  const { version } = JSON.parse(
    readFileSync(inProject('node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
  ) as { version: string };
  const result: HotFunctions & Record<string, unknown> = {
    pglite: version,
    wasmSha256: sha256(wasm),
    measured: `ingestion of 2 KB reports for ${SECONDS} s on the baseline compiler: ${candidates.length} functions took ${Math.round((100 * covered) / total)}% of PGlite's time`,
    leftOnBaseline: left,
    functions,
  };
  // One line for the list: it is data for V8, not for reading.
  writeFileSync(
    OUTPUT,
    `${JSON.stringify({ ...result, functions: [] }, null, 2).replace('"functions": []', `"functions": ${JSON.stringify(functions)}`)}\n`,
  );
  console.log(`${functions.length} functions to optimise, ${left.length} left on the baseline compiler: ${OUTPUT}`);
}

const compileOne = process.argv.indexOf('--compile-peak');
if (compileOne >= 0) {
  const wasm = withCompilationHints(readFileSync(pgliteWasmPath()), [Number(process.argv[compileOne + 1])]);
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--experimental-wasm-compilation-hints');
  writeFileSync('/proc/self/clear_refs', '5'); // the peak starts again from here
  const before = statusMiB('VmRSS');
  new WebAssembly.Module(wasm);
  console.log(statusMiB('VmHWM') - before);
} else {
  await measure();
}
