// A typed GraphQL client for tests: `execute` over HTTP and `subscribe` over graphql-ws,
// both taking codegen'd documents. A failure shows the operation and the response.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { adminAuthorization } from './auth.ts';

type Vars<V> = V extends Record<string, never> ? [variables?: V] : [variables: V];

export async function execute<R, V>(base: string, doc: TypedDocumentNode<R, V>, ...[variables]: Vars<V>): Promise<R> {
  return executeAs(base, 'test', doc, variables as V);
}

export async function executeAs<R, V>(
  base: string,
  actor: string,
  doc: TypedDocumentNode<R, V>,
  variables?: V,
): Promise<R> {
  const query = print(doc);
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-log-center-actor': actor, authorization: adminAuthorization },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  const body = JSON.parse(text) as { data?: R; errors?: unknown[] };
  if (res.status !== 200 || body.errors || !body.data) {
    throw new Error(
      `GraphQL operation failed with HTTP ${res.status}\n${query}\nvariables: ${JSON.stringify(variables)}\nresponse: ${text}`,
    );
  }
  return body.data;
}

export type Subscription<R> = {
  /** Everything received so far. */
  received: R[];
  /** The next event matching `match` (default: any new one); fails after `timeoutMs`. */
  next(match?: (event: R) => boolean, timeoutMs?: number): Promise<R>;
  /** Repeats `trigger` until an event matching `match` arrives: proof that the subscription is live. */
  ready(trigger: () => Promise<unknown>, match: (event: R) => boolean): Promise<void>;
  close(): Promise<void>;
};

export function subscribe<R, V>(
  base: string,
  doc: TypedDocumentNode<R, V>,
  variables?: V,
  connectionParams: Record<string, unknown> = {},
): Subscription<R> {
  const query = print(doc);
  const client: Client = createClient({
    url: `${base.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: adminAuthorization, ...connectionParams },
    retryAttempts: 0,
    lazy: false,
  });
  const received: R[] = [];
  let consumed = 0;
  let waiter: (() => void) | undefined;
  let failure: unknown;
  client.subscribe<R>(
    { query, variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        if (result.errors) failure = new Error(`subscription error\n${query}\n${JSON.stringify(result.errors)}`);
        else received.push(result.data as R);
        waiter?.();
      },
      error: (err) => {
        failure = err instanceof Error ? err : new Error(`subscription failed\n${query}\n${JSON.stringify(err)}`);
        waiter?.();
      },
      complete: () => waiter?.(),
    },
  );

  const next: Subscription<R>['next'] = async (match = () => true, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (failure) throw failure;
      while (consumed < received.length) {
        const event = received[consumed++]!;
        if (match(event)) return event;
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching event within ${timeoutMs} ms\n${query}\nreceived: ${JSON.stringify(received, null, 1)}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  return {
    received,
    next,
    async ready(trigger, match) {
      for (let attempt = 0; attempt < 50; attempt++) {
        await trigger();
        try {
          await next(match, 200);
          return;
        } catch (err) {
          if (failure) throw err;
        }
      }
      throw new Error(`subscription never became live\n${query}`);
    },
    close: () => client.dispose() as Promise<void>,
  };
}
