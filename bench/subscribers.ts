// A child process of bench/fanout.ts: holds graphql-ws subscribers (the dashboard's own live
// subscription) and records, per issue, how many of them received its event and when the
// last one did. Subscribers live in children so that the parent's clock is not held up.
import { BENCH_TOKEN } from './lib.ts';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { LiveEvents } from '../web/src/lib/operations.ts';

type Setup = { url: string; count: number; projectId: string };
type Event = { issueEvents: { kind: string; issue: { id: number; errorType: string } } };

const { url, count, projectId } = JSON.parse(process.argv[2]!) as Setup;
const now = () => performance.timeOrigin + performance.now();
const received = new Map<number, { n: number; last: number }>();
const probed = new Set<number>();

for (let c = 0; c < count; c++) {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${BENCH_TOKEN}` },
  });
  client.subscribe<Event>(
    { query: print(LiveEvents), variables: { filter: { projectIds: [projectId], kinds: ['CREATED'] } } },
    {
      next: ({ data }) => {
        const at = now();
        const issue = data!.issueEvents.issue;
        if (issue.errorType.startsWith('Probe')) {
          probed.add(c);
          return;
        }
        const seen = received.get(issue.id) ?? { n: 0, last: 0 };
        received.set(issue.id, { n: seen.n + 1, last: Math.max(seen.last, at) });
      },
      error: (err) => process.send!({ error: String(err instanceof Error ? err.message : JSON.stringify(err)) }),
      complete: () => {},
    },
  );
}

process.on('message', (message: string) => {
  if (message === 'probed?') process.send!({ probed: probed.size });
  if (message === 'results') process.send!({ results: [...received] });
});
process.send!({ started: true });
