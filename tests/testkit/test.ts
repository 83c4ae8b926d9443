// The test API with Log Center's fixtures: a real server for the test file (its own clean
// database), a client speaking as the test admin, and seed builders.
//   import { test } from '../testkit/test.ts';
//   test('…', async ({ server, gql, seed }) => { … });
import { test as base } from 'vitest';
import { startServer } from '../helpers/server.ts';
import { as } from './client.ts';
import { seed } from './seed.ts';

export const test = base
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  .extend('server', { scope: 'file' }, async ({}, { onCleanup }) => {
    const server = await startServer();
    onCleanup(() => server.stop());
    return server;
  })
  .extend('gql', { scope: 'file' }, async ({ server }) => as(server.url))
  .extend('seed', { scope: 'file' }, async ({ server, gql }) => seed(server.url, gql));
