// A build log as it grows: the lines that exist from a line number on, then each batch as
// it is committed (on any replica), then the end when the build finishes. Subscribing comes
// before reading, and every line is sent by its number exactly once: batches published out
// of order (two writers commit in one order and publish in the other) or lost by a
// subscriber that fell behind leave a gap, which is read from the store before going on.
import { Repeater } from '@repeaterjs/repeater';
import { BuildStatus } from '../generated/prisma/enums.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import { buildRef, logTopicId, type BuildLogMessage, type Builds, type BuildWithSteps } from './builds.ts';
import type { LineFilter, StoredLine } from './store.ts';

/** One push to a subscriber: consecutive lines (by number, within the filter), and the build's status. */
export type BuildLogChunk = { lines: StoredLine[]; status: BuildStatus };

const CATCH_UP_PAGE = 1000;
// A message lost on the way (a Redis subscription still being made, a reconnect) must not
// stall the tail or keep it open for ever: after this long without one, the store is asked.
const QUIET_MS = 5000;

const selects = (f: LineFilter) => (l: StoredLine) =>
  (!f.tag || l.tag === f.tag) && (!f.subTag || l.subTag === f.subTag) && (!f.jobId || l.jobId === f.jobId);

// Subscribers that are caught up get a whole batch as one chunk: the same object for all of
// them in this process, so that each subscription operation executes it once
// (graphql/shared-execution.ts) instead of once per subscriber.
const wholeChunks = new WeakMap<BuildLogMessage, Map<BuildStatus, BuildLogChunk>>();
function wholeChunk(message: BuildLogMessage & { kind: 'lines' }, status: BuildStatus): BuildLogChunk {
  let byStatus = wholeChunks.get(message);
  if (!byStatus) wholeChunks.set(message, (byStatus = new Map()));
  let chunk = byStatus.get(status);
  if (!chunk) byStatus.set(status, (chunk = { lines: message.lines, status }));
  return chunk;
}

export function buildLogStream(
  builds: Builds,
  pubsub: PubSub,
  build: BuildWithSteps,
  filter: LineFilter,
  fromLine: number,
): AsyncIterable<BuildLogChunk> {
  return new Repeater<BuildLogChunk>(async (push, stop) => {
    const live = pubsub.subscribe('build:log', logTopicId(build.id, filter.executeCount));
    stop.then(() => void live.return?.());
    const ref = buildRef(build);
    const wanted = selects(filter);
    let status = build.status;
    /** The number of the next line to send. */
    let next = Math.max(1, fromLine);

    /** Sends the stored lines from `next` to `until`. */
    async function catchUp(until: number) {
      while (next <= until) {
        const page = await builds.store.page(ref, {
          ...filter,
          start: next,
          end: until,
          num: CATCH_UP_PAGE,
          fromStart: true,
        });
        next = page.hasMore ? page.lines.at(-1)!.lineNo + 1 : until + 1;
        if (page.lines.length > 0) await push({ lines: page.lines, status });
      }
    }

    async function receive(message: BuildLogMessage) {
      if (message.kind === 'finished') {
        status = message.status;
        await catchUp(message.lineCount);
        return true;
      }
      const { lines } = message;
      const last = lines.at(-1)!.lineNo;
      if (last < next) return false;
      if (lines[0]!.lineNo > next) await catchUp(lines[0]!.lineNo - 1);
      const fresh = lines.filter((l) => l.lineNo >= next && wanted(l));
      next = last + 1;
      if (fresh.length === lines.length) await push(wholeChunk(message, status));
      else if (fresh.length > 0) await push({ lines: fresh, status });
      return false;
    }

    /** Sends what the store has beyond what was sent; whether the build has finished. */
    async function poll() {
      const now = await builds.reading(
        { projectId: build.projectId, pipeline: build.pipeline, number: build.number },
        filter.executeCount,
      );
      status = now.build.status;
      await catchUp(now.lineCount);
      return status !== BuildStatus.RUNNING;
    }

    /** The last push says how the build ended; its lines may be empty. */
    const end = async () => {
      await push({ lines: [], status });
      stop();
    };

    // What exists now; the execution's count is read after subscribing, so nothing falls between.
    if (await poll()) return end();
    const messages = live[Symbol.asyncIterator]();
    let pending = messages.next();
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const quiet = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), QUIET_MS)));
      const result = await Promise.race([pending, quiet]);
      clearTimeout(timer);
      if (result === null) {
        if (await poll()) break;
        continue;
      }
      if (result.done) return stop();
      pending = messages.next();
      if (await receive(result.value)) break;
    }
    await end();
  });
}
