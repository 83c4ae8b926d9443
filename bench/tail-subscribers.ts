// A child process of bench/buildlogs.ts: holds graphql-ws subscribers to one build's live log
// (the dashboard's own subscription) and records, per batch (by its last line number), how
// many of them received it and when the last one did.
import { holdSubscribers } from './ws-subscribers.ts';
import { BuildLogTail } from '../web/src/routes/builds/operations.ts';

type Setup = { url: string; count: number; projectId: string; pipeline: string; build: string };
type Chunk = { buildLog: { status: string; lines: { lineNo: number }[] } };

const { url, count, ...build } = JSON.parse(process.argv[2]!) as Setup;
const caughtUp = new Set<number>();

holdSubscribers<Chunk>({
  url,
  count,
  query: BuildLogTail,
  variables: { ...build, fromLine: 1 },
  next: (data, index) => {
    // The first chunk is the catch-up of what exists: the subscription is live from here.
    if (caughtUp.has(index)) return data.buildLog.lines.at(-1)?.lineNo;
    caughtUp.add(index);
    return undefined;
  },
  answers: { 'subscribed?': () => caughtUp.size },
});
