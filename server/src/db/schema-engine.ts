// Prisma's schema engine as WebAssembly, so migrations run offline and on air-gapped
// servers (the native engine is a download the CLI cannot make there).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';

export type { SchemaEngine };

const require = createRequire(import.meta.url);
// @types/node does not declare the WebAssembly global.
type WasmApi = { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }> };
const { WebAssembly } = globalThis as unknown as { WebAssembly: WasmApi };
let loaded: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const bytes = await readFile(join(dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg as never });
    const exports = instance.exports as { __wbindgen_start(): void };
    bg.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return loaded;
}

/** Opens a schema engine for `schemaText` on the database behind `adapter`. */
export async function openSchemaEngine(
  schemaPath: string,
  schemaText: string,
  adapter: SqlMigrationAwareDriverAdapterFactory,
): Promise<SchemaEngine> {
  await loadWasm();
  const log = () => {};
  return bg.SchemaEngine.new(
    { datamodels: [[schemaPath, schemaText]] },
    log,
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
}
