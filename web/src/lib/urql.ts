// One urql client for the dashboard: queries and mutations over HTTP, subscriptions over
// graphql-ws, which reconnects by itself; the connection's state feeds the indicator.
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/svelte';
import { createClient as createWsClient } from 'graphql-ws';
import { connection } from './connection.svelte.ts';
import { signIn } from './session.ts';

export function createUrqlClient(): Client {
  const ws = createWsClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    // The session cookie goes with the upgrade request (sign-in and sign-out reload the page,
    // so a connection never outlives its session).
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((r) => setTimeout(r, Math.min(500 * 2 ** retries, 5000))),
    on: {
      connected: () => connection.connected(),
      closed: () => connection.lost(),
      error: () => connection.lost(),
    },
  });

  return new Client({
    url: '/graphql',
    exchanges: [
      // A session that ended (expired, signed out elsewhere) sends the browser to sign in.
      mapExchange({
        onError: (error) => error.graphQLErrors.some((e) => e.extensions.code === 'UNAUTHENTICATED') && signIn(),
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
    // urql sends queries as GET; the server refuses a GET without this header (CSRF).
    fetchOptions: () => ({ headers: { 'x-graphql-csrf': '1' } }),
    requestPolicy: 'cache-and-network',
  });
}
