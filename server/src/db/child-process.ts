// Runs one of the database's one-off jobs (a bundle entry, see scripts/server-bundle.js) in a
// child process: from the bundle when the server runs from it, else from the sources through
// tsx. What a job loads (the schema engine's WebAssembly, a second PostgreSQL for initdb) and
// never gives back goes away with the process.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { EMBEDDED_DATABASE_FLAGS } from '../../../scripts/node-flags.js';
import { inProject } from '../paths.ts';

const fromBundle = import.meta.url.endsWith('.js');
// By path: `--import tsx` would look for tsx from the working directory, wherever that is.
const tsxLoader = () => pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

type Job = {
  entry: 'apply-migrations' | 'make-pglite-template';
  what: string;
  env?: Record<string, string>;
  nodeFlags?: string[];
};

/** Runs the job and returns what it printed on stdout; fails with what it printed on stderr. */
export async function runInChild({ entry, what, env = {}, nodeFlags = [] }: Job): Promise<string> {
  const script = fromBundle
    ? [inProject('server', 'dist', `${entry}.js`)]
    : ['--import', tsxLoader(), inProject('server', 'src', 'db', `${entry}.ts`)];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [...nodeFlags, ...script], {
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`${what} failed${stderr ? `: ${stderr}` : ''}`, { cause: err });
  }
}

/** Applies the pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR. */
export async function applyMigrationsInChild(
  target: { DATABASE_URL: string } | { DATA_DIR: string },
): Promise<string[]> {
  const embedded = 'DATA_DIR' in target;
  const stdout = await runInChild({
    entry: 'apply-migrations',
    what: 'applying migrations',
    env: embedded ? { ...target, DATABASE_URL: '' } : target,
    nodeFlags: embedded ? EMBEDDED_DATABASE_FLAGS : [],
  });
  return JSON.parse(stdout) as string[];
}
