// Runs apply-migrations.ts in a child process: from the bundle when the server runs from
// it, else from the sources through tsx.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inProject } from '../paths.ts';

const fromBundle = import.meta.url.endsWith('.js');

export async function applyMigrationsInChild(databaseUrl: string): Promise<string[]> {
  const args = fromBundle
    ? [inProject('server', 'dist', 'apply-migrations.js')]
    : ['--import', 'tsx', inProject('server', 'src', 'db', 'apply-migrations.ts')];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout) as string[];
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new Error(`applying migrations failed${stderr ? `: ${stderr}` : ''}`, { cause: err });
  }
}
