// A subscriber child's machinery (bench/subscribers.ts, for fan-out): `count` graphql-ws
// clients holding one subscription each, as dashboards do, errors reported to the parent, and
// the parent's questions answered by name. Subscribers live in children so that the parent's
// clock is not held up by their parsing. (The build-log tail's child reads raw frames instead:
// bench/tail-subscribers.ts says why.)
import { print, type DocumentNode } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { BENCH_TOKEN } from './lib.ts';

export function holdSubscribers<T>(setup: {
  url: string;
  count: number;
  query: DocumentNode;
  variables: Record<string, unknown>;
  /** What one result of subscriber `index` is counted under (an issue, a batch), if anything. */
  next: (data: T, index: number) => number | undefined;
  /** The parent's questions besides `results`: `{ [question]: answer() }` is sent back. */
  answers: Record<string, () => unknown>;
}) {
  const now = () => performance.timeOrigin + performance.now();
  // Per key: how many subscribers received it, and when the last one did.
  const received = new Map<number, { n: number; last: number }>();
  const answers: Record<string, () => unknown> = { ...setup.answers, results: () => [...received] };
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
        next: ({ data }) => {
          const at = now();
          const key = setup.next(data!, index);
          if (key === undefined) return;
          const seen = received.get(key) ?? { n: 0, last: 0 };
          received.set(key, { n: seen.n + 1, last: Math.max(seen.last, at) });
        },
        error: (err) => process.send!({ error: String(err instanceof Error ? err.message : JSON.stringify(err)) }),
        complete: () => {},
      },
    );
  }
  process.on('message', (question: string) => {
    const answer = answers[question];
    if (answer) process.send!({ [question.replace(/\?$/, '')]: answer() });
  });
  process.send!({ started: true });
}
