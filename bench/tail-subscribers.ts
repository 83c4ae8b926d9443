// A child process of bench/buildlogs.ts: holds subscribers to one build's live log (the
// dashboard's own subscription, over the graphql-transport-ws protocol) and records, per batch
// (by its last line number), how many of them received it, and when the first and the last
// one did.
//
// They speak the protocol on plain `ws` sockets and read only the last line number of each
// `next` frame, rather than run graphql-ws clients that parse every frame: a hundred
// dashboards parse on a hundred machines, but here they would share one process, which at
// 20 batches a second parses 2 GB a minute and falls behind the server it is there to time.
import WebSocket from 'ws';
import { print } from 'graphql';
import { BuildLogTail } from '../web/src/routes/builds/operations.ts';
import { BENCH_TOKEN } from './lib.ts';

type Setup = { url: string; count: number; projectId: string; pipeline: string; build: string };

const { url, count, ...build } = JSON.parse(process.argv[2]!) as Setup;
const now = () => performance.timeOrigin + performance.now();
const LINE_NO = Buffer.from('"lineNo":');
const subscribe = JSON.stringify({
  id: '1',
  type: 'subscribe',
  payload: { query: print(BuildLogTail), variables: { ...build, fromLine: 1 } },
});
// Per batch: how many subscribers received it, and when the first and the last did.
const received = new Map<number, { n: number; first: number; last: number }>();
const caughtUp = new Set<number>();

function lastLineNo(frame: Buffer): number | undefined {
  const at = frame.lastIndexOf(LINE_NO);
  return at < 0 ? undefined : parseInt(frame.subarray(at + LINE_NO.length, at + LINE_NO.length + 12).toString(), 10);
}

for (let index = 0; index < count; index++) {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const fail = (error: string) => process.send!({ error });
  socket.on('error', (err) => fail(err.message));
  socket.on('close', (code, reason) => code !== 1000 && fail(`closed ${code} ${reason.toString()}`));
  socket.on('open', () =>
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${BENCH_TOKEN}` } })),
  );
  socket.on('message', (frame: Buffer) => {
    const at = now();
    const type = frame.subarray(0, 64).toString();
    // The server acknowledges before it takes a subscription; then errors are frames of their own.
    if (type.includes('"connection_ack"')) return socket.send(subscribe);
    if (!type.includes('"next"')) return type.includes('"error"') && fail(frame.toString());
    // The first frame is the catch-up of what exists: the subscription is live from here.
    if (!caughtUp.has(index)) return caughtUp.add(index);
    const key = lastLineNo(frame);
    if (key === undefined) return;
    const seen = received.get(key) ?? { n: 0, first: at, last: 0 };
    received.set(key, { n: seen.n + 1, first: Math.min(seen.first, at), last: Math.max(seen.last, at) });
  });
}

process.on('message', (question: string) => {
  if (question === 'subscribed?') process.send!({ subscribed: caughtUp.size });
  if (question === 'results') process.send!({ results: [...received] });
});
process.send!({ started: true });
