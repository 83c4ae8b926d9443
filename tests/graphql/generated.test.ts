// schema.graphql and the codegen output are checked in; they must match the code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { printedSchema, schemaFile } from '../../server/src/graphql/print.ts';
import config from '../../codegen.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('generated files', () => {
  it('schema.graphql is up to date (npm run schema:print)', () => {
    expect(readFileSync(schemaFile, 'utf8'), 'run npm run schema:print').toBe(printedSchema());
  });

  it('the codegen output is up to date (npm run codegen)', { timeout: 60_000 }, async () => {
    const outputs = await generate({ ...config, cwd: root, silent: true }, false);
    expect(outputs.length).toBeGreaterThanOrEqual(9);
    for (const { filename, content } of outputs) {
      const path = join(root, filename);
      expect(existsSync(path), `${filename} is missing: run npm run codegen`).toBe(true);
      expect(readFileSync(path, 'utf8'), `${filename} is stale: run npm run codegen`).toBe(content);
    }
  });
});
