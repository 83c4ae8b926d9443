// A new embedded database starts as a copy of a pristine PGlite data directory. Making one
// (initdb) takes PGlite's WebAssembly PostgreSQL some 550 MB for three seconds, far more than
// the server ever needs afterwards; copying one takes a few MB. `npm install` makes the
// template once per PGlite version (make-pglite-template.ts); a server that finds none makes
// it in a child process, so that the memory goes back when it is done.
import { copyFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { EMBEDDED_DATABASE_FLAGS } from '../../../scripts/node-flags.js';
import { inProject } from '../paths.ts';
import { runInChild } from './child-process.ts';
import type { Logger } from '../log.ts';

// Its package.json is not among the package's exports; it is next to dist/.
const pglitePackage = join(
  dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')),
  '..',
  'package.json',
);
const { version } = JSON.parse(readFileSync(pglitePackage, 'utf8')) as { version: string };

/** Written last: a data directory without it is incomplete, and is copied again. */
const MARKER = 'PG_VERSION';

export const templateDir = (
  cacheDir = process.env.LOG_CENTER_CACHE_DIR ?? inProject('node_modules', '.cache', 'log-center'),
) => join(cacheDir, `pglite-${version}`);

export const isDataDir = (dir: string) => existsSync(join(dir, MARKER));

async function ensureTemplate(logger: Logger): Promise<string> {
  const dir = templateDir();
  if (isDataDir(dir)) return dir;
  logger.info({ event: 'db.template', dir }, 'creating the embedded database template (once per PGlite version)');
  // The child finds the same folder: it inherits LOG_CENTER_CACHE_DIR.
  await runInChild({
    entry: 'make-pglite-template',
    what: 'creating the embedded database template',
    nodeFlags: EMBEDDED_DATABASE_FLAGS,
  });
  return dir;
}

/** Fills a new (or half-filled) DATA_DIR from the template; does nothing to a data directory. */
export async function initDataDir(dataDir: string, logger: Logger): Promise<void> {
  if (isDataDir(dataDir)) return;
  const template = await ensureTemplate(logger);
  cpSync(template, dataDir, { recursive: true, filter: (src) => src !== join(template, MARKER) });
  copyFileSync(join(template, MARKER), join(dataDir, MARKER));
}
