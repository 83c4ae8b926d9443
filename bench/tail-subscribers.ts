// A child process of bench/buildlogs.ts: holds graphql-ws subscribers to one build's live log
// (the dashboard's own subscription) and records, per batch (by its last line number), how
// many of them received it and when the last one did.
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { BENCH_TOKEN } from './lib.ts';
import { BuildLogTail } from '../web/src/routes/builds/operations.ts';

type Setup = { url: string; count: number; projectId: string; pipeline: string; build: string };
type Chunk = { buildLog: { status: string; lines: { lineNo: number }[] } };

const { url, count, ...build } = JSON.parse(process.argv[2]!) as Setup;
const now = () => performance.timeOrigin + performance.now();
const received = new Map<number, { n: number; last: number }>();
let subscribed = 0;

for (let c = 0; c < count; c++) {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${BENCH_TOKEN}` },
  });
  let first = true;
  client.subscribe<Chunk>(
    { query: print(BuildLogTail), variables: { ...build, fromLine: 1 } },
    {
      next: ({ data }) => {
        const at = now();
        // The first chunk is the catch-up of what exists: the subscription is live from here.
        if (first) {
          first = false;
          subscribed++;
          return;
        }
        const last = data!.buildLog.lines.at(-1)?.lineNo;
        if (last === undefined) return;
        const seen = received.get(last) ?? { n: 0, last: 0 };
        received.set(last, { n: seen.n + 1, last: Math.max(seen.last, at) });
      },
      error: (err) => process.send!({ error: String(err instanceof Error ? err.message : JSON.stringify(err)) }),
      complete: () => {},
    },
  );
}

process.on('message', (message: string) => {
  if (message === 'subscribed?') process.send!({ subscribed });
  if (message === 'results') process.send!({ results: [...received] });
});
process.send!({ started: true });
