// Where the repository's own files are (prisma/, web/build/, schema.graphql), found the same
// way whether the server runs from its sources or from the bundle in server/dist.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'prisma', 'schema.prisma'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no prisma/schema.prisma above ${from}`);
  }
}

export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

export const inProject = (...parts: string[]) => join(projectRoot, ...parts);
