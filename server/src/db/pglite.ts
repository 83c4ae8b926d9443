// Opens the embedded database's files: PGlite's own defaults (single-user mode, no fsync:
// -F), with 16 MB of shared buffers instead of 128 MB. Log Center must fit a small VM, and its
// working set is far smaller. Loaded only in embedded mode.
import { PGlite } from '@electric-sql/pglite';

const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

export const openPGliteFiles = (dataDir: string) => PGlite.create(dataDir, { startParams: START_PARAMS });
