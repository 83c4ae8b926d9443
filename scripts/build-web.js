// Builds the dashboard (web/ → web/build) when it is missing or older than its sources;
// `--force` builds anyway. npm start and npm test run this first.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../web/', import.meta.url));
const built = join(web, 'build', 'index.html');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts'].map((p) => join(web, p)).filter(existsSync);
const fresh = existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest));
if (fresh && !process.argv.includes('--force')) process.exit(0);

console.log('building the dashboard (web/build)…');
const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
process.exit(result.status ?? 1);
