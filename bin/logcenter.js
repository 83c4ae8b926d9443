#!/usr/bin/env node
// Entry point of the `logcenter` command. It runs the bundle in server/dist when that is up to
// date (`npm start` and `npm test` build it), otherwise the TypeScript sources through tsx.
import { MALLOC_TUNABLES, nodeFlagsFor } from '../scripts/node-flags.js';
import { bundleEntry, bundleIsFresh } from '../scripts/server-bundle.js';

// V8 reads these flags once, when it starts: the process replaces itself with one that has them.
const missing = nodeFlagsFor(process.argv[2], process.env).filter((flag) => !process.execArgv.includes(flag));
if (missing.length > 0 && typeof process.execve === 'function') {
  const env = { GLIBC_TUNABLES: MALLOC_TUNABLES, ...process.env };
  process.execve(process.execPath, [process.execPath, ...process.execArgv, ...missing, ...process.argv.slice(1)], env);
}

if (bundleIsFresh()) {
  await import(bundleEntry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/src/cli.ts');
}
