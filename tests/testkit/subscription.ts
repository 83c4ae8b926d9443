// A GraphQL subscription over graphql-ws, as a test follows one: everything received, the
// next event that matches, and proof that it is live before the test triggers what it waits for.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { adminAuthorization } from '../helpers/auth.ts';

export type Subscription<R> = {
  /** Everything received so far. */
  received: R[];
  /** The next event matching `match` (default: any new one); fails after `timeoutMs`. */
  next(match?: (event: R) => boolean, timeoutMs?: number): Promise<R>;
  /** Repeats `trigger` until an event matching `match` arrives: proof that the subscription is live. */
  ready(trigger: () => Promise<unknown>, match: (event: R) => boolean): Promise<void>;
  /** Resolves when the server completes the subscription; fails after `timeoutMs`. */
  completed(timeoutMs?: number): Promise<void>;
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
  let done = false;
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
      complete: () => {
        done = true;
        waiter?.();
      },
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
    async completed(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done) {
        if (failure) throw failure;
        if (Date.now() > deadline) throw new Error(`not completed within ${timeoutMs} ms\n${query}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 50);
          waiter = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    close: () => client.dispose() as Promise<void>,
  };
}
