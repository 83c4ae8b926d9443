// A small typed GraphQL client: operations over HTTP, subscriptions over graphql-ws.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export class GraphQLClient {
  private readonly ws: Client;

  private readonly authorization: Record<string, string>;

  /** `token`: an API token with the agent scope (LOG_CENTER_TOKEN). */
  constructor(
    private readonly baseUrl: string,
    private readonly actor: string,
    token: string | undefined,
  ) {
    this.authorization = token ? { authorization: `Bearer ${token}` } : {};
    this.ws = createClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { actor, ...this.authorization },
      // Keep trying while the server restarts; the subscription resumes where it was asked.
      retryAttempts: Infinity,
      retryWait: async (retries) => new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** retries, 15_000))),
      shouldRetry: () => true,
    });
  }

  async request<R, V>(doc: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    const res = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-log-center-actor': this.actor, ...this.authorization },
      body: JSON.stringify({ query: print(doc), variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json()) as { data?: R; errors?: { message: string }[] };
    if (!res.ok || body.errors || !body.data) {
      throw new Error(
        `GraphQL request failed (HTTP ${res.status}): ${body.errors?.map((e) => e.message).join('; ') ?? 'no data'}`,
      );
    }
    return body.data;
  }

  subscribe<R, V>(
    doc: TypedDocumentNode<R, V>,
    variables: V,
    onData: (data: R) => void,
    onError: (err: unknown) => void,
  ) {
    return this.ws.subscribe<R>(
      { query: print(doc), variables: variables as Record<string, unknown> },
      {
        next: (result) =>
          result.errors ? onError(new Error(JSON.stringify(result.errors))) : onData(result.data as R),
        error: onError,
        complete: () => {},
      },
    );
  }

  close() {
    return this.ws.dispose();
  }
}
