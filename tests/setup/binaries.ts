// Finds the PostgreSQL and Redis server binaries, installing them with apt-get when they
// are missing and this process may (root on Debian/Ubuntu); otherwise says what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function which(cmd: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function findPgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const initdb = which('initdb');
  return initdb ? initdb.replace(/\/initdb$/, '') : null;
}

function aptInstall(packages: string[]): boolean {
  if (process.getuid?.() !== 0 || !which('apt-get')) return false;
  console.log(`[test harness] installing ${packages.join(', ')} with apt-get…`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return true;
}

export function requireBinaries(): { pgBin: string; redisServer: string } {
  const missing = [...(findPgBin() ? [] : ['postgresql']), ...(which('redis-server') ? [] : ['redis-server'])];
  if (missing.length > 0 && !aptInstall(missing)) {
    throw new Error(
      `The tests need a PostgreSQL server and redis-server, and ${missing.join(' and ')} could not be found or installed.\n` +
        `Install them (Debian/Ubuntu: sudo apt-get install -y ${missing.join(' ')}; macOS: brew install ${missing
          .map((m) => (m === 'redis-server' ? 'redis' : m))
          .join(' ')}) and run npm test again.`,
    );
  }
  const pgBin = findPgBin();
  const redisServer = which('redis-server');
  if (!pgBin || !redisServer) throw new Error('PostgreSQL or redis-server is still missing after installing them');
  return { pgBin, redisServer };
}
