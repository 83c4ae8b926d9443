import { createRequire } from 'node:module';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  test: {
    expect: { requireAssertions: true },
    projects: [
      {
        resolve: {
          // Vite would pick graphql's ESM build for our code while the GraphQL libraries in
          // node_modules load its CommonJS build: two GraphQLError classes, and `instanceof`
          // checks that fail only under test. One build for all, as under Node.
          alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
        },
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts', 'tools/**/*.test.ts', 'agents/**/*.test.ts', 'tests/**/*.test.ts'],
          globalSetup: ['tests/setup/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        plugins: [svelte({ configFile: false })],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'web',
          include: ['web/src/**/*.test.ts'],
          environment: 'jsdom',
        },
      },
    ],
  },
});
