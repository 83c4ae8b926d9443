// GraphQL Code Generator: typed documents from schema.graphql for each client in the repo.
// `npm run codegen` writes them; a test fails when they are stale.
import type { CodegenConfig } from '@graphql-codegen/cli';

const clientPreset = {
  preset: 'client' as const,
  presetConfig: { fragmentMasking: false },
  config: {
    scalars: { DateTime: 'string', JSON: 'unknown' },
    enumsAsTypes: true,
    useTypeImports: true,
    skipTypename: false,
    avoidOptionals: { field: true, inputValue: false, object: true },
  },
};

const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'tests/generated/': { ...clientPreset, documents: ['tests/**/*.ts', '!tests/generated/**'] },
    'agents/generated/': { ...clientPreset, documents: ['agents/**/*.ts', '!agents/generated/**'] },
    'tools/generated/': { ...clientPreset, documents: ['tools/**/*.ts', '!tools/generated/**'] },
    // The dashboard keeps its operations in .ts files (each route's operations.ts, and
    // web/src/lib/operations.ts for shared ones), not in .svelte files.
    'web/src/lib/generated/': { ...clientPreset, documents: ['web/src/**/*.ts', '!web/src/lib/generated/**'] },
  },
};

export default config;
