// One typed GraphQL client for tests. `as(base, credential)` speaks for someone (the test
// admin by default, or a token, a session cookie, or nobody); `execute` answers the whole
// response, so a test can look at its status and errors as well as its data, and
// `expectNoErrors()` / `expectErrors()` fail with the operation and the response.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { adminAuthorization } from '../helpers/auth.ts';

export type GraphQLErrorBody = {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
};
export type Body<R> = { data?: R | null; errors?: GraphQLErrorBody[] };

export type Execution<R> = {
  status: number;
  headers: Headers;
  body: Body<R>;
  text: string;
  /** The data, or a failure naming the operation, when there are errors or no data. */
  expectNoErrors(): R;
  /** The errors, or a failure when there are none; with `message`, one must match it. */
  expectErrors(message?: RegExp | string): GraphQLErrorBody[];
};

export type Credential = {
  /** An API token (`lct_…`); null sends no Authorization header. Default: the test admin's. */
  token?: string | null;
  /** A dashboard session, as its Cookie header. */
  cookie?: string;
  /** The name the status history shows (X-Log-Center-Actor); null names none. Default: `test`. */
  actor?: string | null;
  headers?: Record<string, string>;
};

type Vars<V> = V extends Record<string, never> ? [variables?: V] : [variables: V];
type Init = { method?: 'GET' | 'POST'; headers?: Record<string, string> };

export type Client = {
  execute<R, V>(doc: TypedDocumentNode<R, V>, ...variables: Vars<V>): Promise<Execution<R>>;
  /** An operation written out in the test (a malformed or hostile one, say); the data is untyped. */
  raw(query: string, variables?: Record<string, unknown>, init?: Init): Promise<Execution<any>>;
  /** execute(…).expectNoErrors(): the data of an operation that must work. */
  run<R, V>(doc: TypedDocumentNode<R, V>, ...variables: Vars<V>): Promise<R>;
  /** The headers this client sends, for a WebSocket or a hand-made request. */
  headers: Record<string, string>;
};

function credentialHeaders({ token, cookie, actor, headers }: Credential): Record<string, string> {
  const authorization = token === undefined ? adminAuthorization : token === null ? undefined : `Bearer ${token}`;
  return {
    ...(authorization ? { authorization } : {}),
    ...(cookie ? { cookie } : {}),
    ...(actor === null ? {} : { 'x-log-center-actor': actor ?? 'test' }),
    ...headers,
  };
}

function execution<R>(query: string, variables: unknown, res: Response, text: string): Execution<R> {
  let body: Body<R>;
  try {
    body = JSON.parse(text) as Body<R>;
  } catch {
    body = {};
  }
  const describe = () =>
    `HTTP ${res.status}\n${query}\nvariables: ${JSON.stringify(variables)}\nresponse: ${text.slice(0, 4000)}`;
  return {
    status: res.status,
    headers: res.headers,
    body,
    text,
    expectNoErrors() {
      if (res.status !== 200 || body.errors || !body.data) throw new Error(`GraphQL operation failed: ${describe()}`);
      return body.data;
    },
    expectErrors(message) {
      const errors = body.errors ?? [];
      if (errors.length === 0) throw new Error(`expected GraphQL errors, got none: ${describe()}`);
      const matches = (m: string) => (typeof message === 'string' ? m.includes(message) : message!.test(m));
      if (message !== undefined && !errors.some((e) => matches(e.message))) {
        throw new Error(`no GraphQL error matches ${String(message)}: ${describe()}`);
      }
      return errors;
    },
  };
}

export function as(base: string, credential: Credential = {}): Client {
  const headers = credentialHeaders(credential);
  const send = async (query: string, variables: unknown, init: Init = {}) => {
    const method = init.method ?? 'POST';
    const url = new URL(`${base}/graphql`);
    if (method === 'GET') {
      url.searchParams.set('query', query);
      if (variables !== undefined) url.searchParams.set('variables', JSON.stringify(variables));
    }
    const res = await fetch(url, {
      method,
      headers: { ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...headers, ...init.headers },
      body: method === 'POST' ? JSON.stringify({ query, variables }) : undefined,
    });
    return execution<any>(query, variables, res, await res.text());
  };
  const client: Client = {
    headers,
    execute: (doc, ...[variables]) => send(print(doc), variables),
    raw: (query, variables, init) => send(query, variables, init),
    run: async (doc, ...variables) => (await client.execute(doc, ...variables)).expectNoErrors(),
  };
  return client;
}
