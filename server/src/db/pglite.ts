// Opens the embedded database's files: PGlite's own defaults (single-user mode, no fsync:
// -F), with 16 MB of shared buffers instead of 128 MB. Log Center must fit a small VM, and its
// working set is far smaller. Loaded only in embedded mode. The server passes its own build of
// PGlite's WebAssembly (pglite-wasm.ts); other callers let PGlite compile its own.
import { PGlite } from '@electric-sql/pglite';

const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

export const openPGliteFiles = (dataDir: string, pgliteWasmModule?: WebAssembly.Module) =>
  PGlite.create(dataDir, { startParams: START_PARAMS, pgliteWasmModule });
