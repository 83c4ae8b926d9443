#!/usr/bin/env node
// Entry point of the `logcenter` command. It runs the bundle in server/dist when that is up to
// date (`npm start` and `npm test` build it), otherwise the TypeScript sources through tsx.
import { bundleEntry, bundleIsFresh } from '../scripts/server-bundle.js';

if (bundleIsFresh()) {
  await import(bundleEntry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/src/cli.ts');
}
