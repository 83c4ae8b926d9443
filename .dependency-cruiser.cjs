// dependency-cruiser: the layers of DESIGN.md, and no import cycles at run time.
// `npm run lint` runs it over every folder that holds code.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-runtime-cycle',
      comment: 'A cycle of imports that survive compilation: module order then decides what is undefined.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'web-is-its-own',
      comment: 'The dashboard talks to the server over GraphQL only; it imports nothing of the rest of the repo.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(server|tests|tools|agents|bench|scripts|packages|bin)/' },
    },
    {
      name: 'server-not-tests',
      comment: 'What ships never depends on tests, benchmarks or the dashboard sources.',
      severity: 'error',
      from: { path: '^server/', pathNot: '[.]test[.]ts$' },
      to: { path: '^(tests|bench|web)/' },
    },
    {
      name: 'clients-through-the-public-api',
      comment:
        'Reporters, the supervisor, the k8s monitor, the repair agent and the SDK are clients: HTTP and GraphQL only.',
      severity: 'error',
      from: { path: '^(tools|agents|packages)/' },
      to: { path: '^(server|tests|web|bench|scripts)/' },
    },
    {
      name: 'shipped-code-not-dev-dependencies',
      comment: 'The image installs production dependencies only (npm ci --omit=dev).',
      severity: 'error',
      from: { path: '^(server|tools|agents|bin)/', pathNot: '[.]test[.]ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Generated code and build output are not ours to arrange.
    exclude: {
      path: '^(server/src/generated|web/src/lib/generated|tests/generated|agents/generated|tools/generated|packages/sdk/dist)/',
    },
    tsPreCompilationDeps: true,
    // The dashboard's (SvelteKit's $lib alias); the rest of the repo resolves the same under it.
    tsConfig: { fileName: 'web/tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.svelte', '.d.ts'],
    },
  },
};
