// Builds @logcenter/sdk (packages/sdk/src → dist): ESM for Node and for browsers, and a
// browser script exposing a LogCenter global. Skipped when dist is newer than the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../packages/sdk/', import.meta.url));
const src = join(root, 'src');
const outputs = ['node.js', 'browser.js', 'logcenter.iife.js'].map((f) => join(root, 'dist', f));
const newestSource = Math.max(...readdirSync(src).map((f) => statSync(join(src, f)).mtimeMs));
const fresh = outputs.every((o) => existsSync(o) && statSync(o).mtimeMs >= newestSource);
if (fresh && !process.argv.includes('--force')) process.exit(0);

const common = { bundle: true, sourcemap: true, target: 'es2020', logLevel: 'warning' };
await Promise.all([
  build({
    ...common,
    entryPoints: [join(src, 'node.ts')],
    outfile: outputs[0],
    platform: 'node',
    format: 'esm',
    target: 'node18',
  }),
  build({ ...common, entryPoints: [join(src, 'browser.ts')], outfile: outputs[1], platform: 'browser', format: 'esm' }),
  build({
    ...common,
    entryPoints: [join(src, 'browser.ts')],
    outfile: outputs[2],
    platform: 'browser',
    format: 'iife',
    globalName: 'LogCenter',
    minify: true,
  }),
]);
console.log('built @logcenter/sdk (packages/sdk/dist)');
