// PGlite's WebAssembly for the server, with PostgreSQL's hot functions on V8's optimising
// compiler and everything else on its baseline compiler.
//
// V8 optimises a WebAssembly function once it has run enough, and it does that for the SQL
// parser too, which costs its optimising compiler ~600 MB for half a second: too much for a
// small VM. So the embedded server runs with dynamic tier-up off (--wasm-tier-up-filter=0,
// scripts/node-flags.js), and this module asks for the functions ingestion spends its time in
// to be optimised up front, through WebAssembly's compilation-hints section
// (--experimental-wasm-compilation-hints). Which functions: pglite-hot-functions.json, measured
// by `npm run pglite:hot-functions` (scripts/pglite-hot-functions.ts) for this PGlite release.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { NO_WASM_TIER_UP } from '../../../scripts/node-flags.js';
import type { Logger } from '../log.ts';
import hot from './pglite-hot-functions.json' with { type: 'json' };

export type HotFunctions = { pglite: string; wasmSha256: string; functions: number[] };

const COMPILATION_HINTS = 'compilationHints';
const CODE_SECTION = 10;
const FUNCTION_SECTION = 3;
// A hint byte: strategy (bits 0–1), baseline tier (2–3), top tier (4–5). Eager (2), both tiers
// optimised (2): compiled once, with the module, before PostgreSQL starts.
const OPTIMISE_EAGERLY = 2 | (2 << 2) | (2 << 4);

export const pgliteWasmPath = () =>
  join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'pglite.wasm');

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function readLeb(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  for (let shift = 0, p = at; ; shift += 7, p++) {
    const byte = bytes[p]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: p + 1 };
  }
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    const low = value % 128;
    value = Math.floor(value / 128);
    out.push(value > 0 ? low | 0x80 : low);
  } while (value > 0);
  return out;
}

/** The module's sections: id, where the section starts, where its contents start and end. */
function* sections(wasm: Uint8Array): Generator<{ id: number; at: number; contents: number; end: number }> {
  for (let at = 8; at < wasm.length;) {
    const size = readLeb(wasm, at + 1);
    const end = size.next + size.value;
    yield { id: wasm[at]!, at, contents: size.next, end };
    at = end;
  }
}

/** The size in bytes of each declared function's body, by declared index. */
export function functionBodySizes(wasm: Uint8Array): number[] {
  const code = [...sections(wasm)].find((s) => s.id === CODE_SECTION);
  if (!code) throw new Error('the module has no code section');
  const count = readLeb(wasm, code.contents);
  const sizes: number[] = [];
  for (let i = 0, at = count.next; i < count.value; i++) {
    const body = readLeb(wasm, at);
    sizes.push(body.value);
    at = body.next + body.value;
  }
  return sizes;
}

/**
 * The module with a compilation-hints section (one byte per declared function, placed where V8
 * reads it: between the function and code sections) that optimises `functions` (declared
 * indices, imports not counted) eagerly and leaves the rest to V8's defaults.
 */
export function withCompilationHints(wasm: Uint8Array, functions: readonly number[]): Buffer<ArrayBuffer> {
  let declared: number | undefined;
  for (const section of sections(wasm)) {
    if (section.id === FUNCTION_SECTION) declared = readLeb(wasm, section.contents).value;
    if (section.id !== CODE_SECTION) continue;
    if (declared === undefined) throw new Error('the module has a code section but no function section');
    const hints = new Uint8Array(declared);
    for (const f of functions) {
      if (!Number.isInteger(f) || f < 0 || f >= declared)
        throw new Error(`function ${f} is not one of the module's ${declared}`);
      hints[f] = OPTIMISE_EAGERLY;
    }
    const name = new TextEncoder().encode(COMPILATION_HINTS);
    const payload = [...leb(name.length), ...name, ...leb(declared), ...hints];
    return Buffer.concat([
      wasm.subarray(0, section.at),
      Uint8Array.from([0, ...leb(payload.length), ...payload]),
      wasm.subarray(section.at),
    ]);
  }
  throw new Error('the module has no code section');
}

let compiled: WebAssembly.Module | undefined;

/**
 * PGlite's module for this process: with the hot functions optimised when the process runs
 * with dynamic tier-up off (the embedded server's flags), else undefined (PGlite compiles its
 * own, on V8's defaults). Compiled once per process.
 */
export function hotPGliteModule(
  logger: Logger,
  list: HotFunctions = hot,
  nodeFlags = process.execArgv,
): WebAssembly.Module | undefined {
  if (!nodeFlags.includes(NO_WASM_TIER_UP)) return undefined;
  if (compiled) return compiled;
  const wasm = readFileSync(pgliteWasmPath());
  if (sha256(wasm) !== list.wasmSha256) {
    logger.warn(
      { event: 'db.wasm_unprofiled', profiled: list.pglite },
      'PGlite’s WebAssembly is not the one its hot functions were measured for (run `npm run pglite:hot-functions`): the embedded database runs on the baseline compiler only',
    );
    return undefined;
  }
  const started = performance.now();
  setFlagsFromString('--experimental-wasm-compilation-hints');
  const hinted = withCompilationHints(wasm, list.functions);
  compiled = new WebAssembly.Module(hinted);
  // The module keeps its own copy of the bytes. Detached, these two 9 MB buffers go back at
  // once rather than at a garbage collection, which an idle server may not have for long.
  for (const bytes of [wasm, hinted]) bytes.buffer.transfer(0);
  logger.info(
    { event: 'db.wasm_compiled', optimised: list.functions.length, ms: Math.round(performance.now() - started) },
    'compiled the embedded database’s hot functions',
  );
  return compiled;
}
