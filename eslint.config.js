// ESLint: correctness rules only; layout is Prettier's (eslint-config-prettier turns the
// overlapping rules off). `npm run lint` runs it with Prettier and dependency-cruiser.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/generated/',
      '**/node_modules/',
      '.tools/',
      '.probe/',
      'packages/sdk/dist/',
      'server/dist/',
      'web/build/',
      'web/.svelte-kit/',
      'tests/fixtures/',
      // Test output: screenshots, and the bundles the source-map tests build.
      'tests/artifacts/',
      'bench/results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // A leading underscore names what is taken apart only to be left out.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests read JSON answers whose shape is what they assert.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/**/*.{ts,js,svelte}', 'packages/sdk/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: {
      // The dashboard is always served at the root of its own origin (no kit.paths.base), so
      // resolve() would return every path unchanged.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
);
