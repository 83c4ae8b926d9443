// PGlite keeps its data in one folder that only one process may open: a second server on
// the same DATA_DIR would corrupt it. A pid file guards it; a stale one (dead pid) is taken over.
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock on `dir`; returns a function that releases it. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'logcenter.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(path, 'utf8'));
      if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
        throw new Error(`DATA_DIR ${dir} is in use by another Log Center process (pid ${pid})`, { cause: err });
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock DATA_DIR ${dir}`);
}
