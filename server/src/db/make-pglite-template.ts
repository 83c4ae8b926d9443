// Makes the template a new embedded database is copied from (pglite-template.ts): initdb into
// a scratch folder, renamed into place when complete. Run by `npm install` and, when the
// template is missing, by the server as a child process. Prints nothing on success.
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { openPGliteFiles } from './pglite.ts';
import { isDataDir, templateDir } from './pglite-template.ts';

const target = templateDir();
if (!isDataDir(target)) {
  mkdirSync(dirname(target), { recursive: true });
  const scratch = mkdtempSync(`${target}.partial-`);
  try {
    const db = await openPGliteFiles(scratch);
    await db.close();
    renameSync(scratch, target);
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true });
    // Another process made it first (npm test starts several servers at once).
    if (!isDataDir(target)) throw err;
  }
}
