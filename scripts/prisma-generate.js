// Runs `prisma generate` offline. The CLI insists on locating a native schema engine even
// though generate never uses it (the client's query compiler is WebAssembly), so point it
// at any existing file.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    // The pothos generator is a bin of @pothos/plugin-prisma.
    PATH: [fileURLToPath(new URL('../node_modules/.bin', import.meta.url)), process.env.PATH].join(delimiter),
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
if (result.status !== 0) process.exit(result.status ?? 1);

// The generated client imports its query compiler as an ES module whose one export is the
// WebAssembly in base64 (2.3 MB). A module's source and its string constant stay in the heap
// for the life of the process, 4.4 MB that are needed once, to compile the module. Read the
// same file instead: the text is garbage as soon as the module is compiled.
const clientClass = fileURLToPath(new URL('../server/src/generated/prisma/internal/class.ts', import.meta.url));
const imported =
  /const \{ wasm \} = await import\(("[^"]+\.wasm-base64\.mjs")\)\n(\s*)return await decodeBase64AsWasm\(wasm\)/;
const generated = readFileSync(clientClass, 'utf8');
const match = generated.match(imported);
if (!match) {
  console.error(
    `${clientClass}: the query compiler is no longer imported as expected; update scripts/prisma-generate.js`,
  );
  process.exit(1);
}
const [, specifier, indent] = match;
const readInstead = [
  `const { readFile } = await import('node:fs/promises')`,
  `const { createRequire } = await import('node:module')`,
  `const source = await readFile(createRequire(import.meta.url).resolve(${specifier}), 'utf8')`,
  `return await decodeBase64AsWasm(source.slice(source.indexOf('"') + 1, source.lastIndexOf('"')))`,
].join(`\n${indent}`);
writeFileSync(clientClass, generated.replace(imported, readInstead));
