// What the benchmarks' subscriber children share: `count` graphql-ws clients holding one
// subscription each, as dashboards do, errors reported to the parent, and the parent's
// questions answered by name. Subscribers live in children so that the parent's clock is not
// held up by their parsing.
import { print, type DocumentNode } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { BENCH_TOKEN } from './lib.ts';

export function holdSubscribers<T>(setup: {
  url: string;
  count: number;
  query: DocumentNode;
  variables: Record<string, unknown>;
  /** One result of subscriber `index`, received at `at` (ms since the epoch). */
  next: (data: T, index: number, at: number) => void;
  /** The parent's questions: `{ [question]: answer() }` is sent back. */
  answers: Record<string, () => unknown>;
}) {
  const now = () => performance.timeOrigin + performance.now();
  for (let index = 0; index < setup.count; index++) {
    const client = createClient({
      url: setup.url,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${BENCH_TOKEN}` },
    });
    client.subscribe<T>(
      { query: print(setup.query), variables: setup.variables },
      {
        next: ({ data }) => setup.next(data!, index, now()),
        error: (err) => process.send!({ error: String(err instanceof Error ? err.message : JSON.stringify(err)) }),
        complete: () => {},
      },
    );
  }
  process.on('message', (question: string) => {
    const answer = setup.answers[question];
    if (answer) process.send!({ [question.replace(/\?$/, '')]: answer() });
  });
  process.send!({ started: true });
}
