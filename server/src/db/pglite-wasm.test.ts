import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { NO_WASM_TIER_UP } from '../../../scripts/node-flags.js';
import { inProject } from '../paths.ts';
import hot from './pglite-hot-functions.json' with { type: 'json' };
import { functionBodySizes, hotPGliteModule, pgliteWasmPath, sha256, withCompilationHints } from './pglite-wasm.ts';

// (module (func (export "one") (result i32) i32.const 1) (func (export "two") (result i32) i32.const 2))
const TWO_FUNCTIONS = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x03, 0x02, 0x00,
  0x00, 0x07, 0x0d, 0x02, 0x03, 0x6f, 0x6e, 0x65, 0x00, 0x00, 0x03, 0x74, 0x77, 0x6f, 0x00, 0x01, 0x0a, 0x0b, 0x02,
  0x04, 0x00, 0x41, 0x01, 0x0b, 0x04, 0x00, 0x41, 0x02, 0x0b,
]);

function captured() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }),
  );
  return { logger, lines };
}

describe('PGlite’s WebAssembly with compilation hints', () => {
  it('puts one hint per declared function between the function and code sections, and the module still runs', async () => {
    const hinted = withCompilationHints(TWO_FUNCTIONS, [1]);
    const section = Buffer.from([0x00, 0x14, 0x10, ...Buffer.from('compilationHints'), 0x02, 0x00, 0x2a]);
    expect(hinted.indexOf(section)).toBe(35); // where the code section was
    expect(hinted.length).toBe(TWO_FUNCTIONS.length + section.length);
    expect(WebAssembly.Module.customSections(new WebAssembly.Module(hinted), 'compilationHints')).toHaveLength(1);
    const { instance } = await WebAssembly.instantiate(hinted);
    expect([(instance.exports.one as () => number)(), (instance.exports.two as () => number)()]).toEqual([1, 2]);
    expect(functionBodySizes(TWO_FUNCTIONS)).toEqual([4, 4]);
  });

  it('refuses a function the module does not have', () => {
    expect(() => withCompilationHints(TWO_FUNCTIONS, [2])).toThrow("function 2 is not one of the module's 2");
    expect(() => withCompilationHints(TWO_FUNCTIONS.subarray(0, 35), [0])).toThrow('no code section');
  });

  it('has its hot functions measured for the installed PGlite (else: npm run pglite:hot-functions)', () => {
    const wasm = readFileSync(pgliteWasmPath());
    const { version } = JSON.parse(
      readFileSync(inProject('node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
    ) as { version: string };
    expect({ pglite: hot.pglite, wasmSha256: hot.wasmSha256 }).toEqual({ pglite: version, wasmSha256: sha256(wasm) });
    const declared = functionBodySizes(wasm).length;
    expect(hot.functions.length).toBeGreaterThan(100);
    expect(hot.functions.every((f) => f >= 0 && f < declared)).toBe(true);
    // The SQL parser, which costs the optimising compiler ~600 MB, stays on the baseline compiler.
    expect(hot.leftOnBaseline.map((f) => f.function).filter((f) => hot.functions.includes(f))).toEqual([]);
    expect(hot.leftOnBaseline.every((f) => f.compileMiB > 64)).toBe(true);
  });

  it('is used only with dynamic tier-up off, and not when PGlite changed since the measurement', () => {
    const { logger, lines } = captured();
    expect(hotPGliteModule(logger, hot, [])).toBeUndefined();
    expect(hotPGliteModule(logger, { ...hot, wasmSha256: '0'.repeat(64) }, [NO_WASM_TIER_UP])).toBeUndefined();
    expect(lines).toEqual([expect.objectContaining({ event: 'db.wasm_unprofiled', profiled: hot.pglite })]);
  });
});
