// scripts/prisma-generate.js rewrites how the generated client loads its query compiler.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const loader = readFileSync(new URL('../server/src/generated/prisma/internal/class.ts', import.meta.url), 'utf8');

describe('the generated Prisma client', () => {
  it('reads its query compiler from the file instead of importing the base64 module (which stays in the heap)', () => {
    expect(loader).not.toMatch(/await import\("[^"]+\.wasm-base64\.mjs"\)/);
    expect(loader).toMatch(
      /readFile\(createRequire\(import\.meta\.url\)\.resolve\("@prisma\/client\/runtime\/[^"]+\.wasm-base64\.mjs"\)/,
    );
  });
});
