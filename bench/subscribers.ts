// A child process of bench/fanout.ts: holds graphql-ws subscribers (the dashboard's own live
// subscription) and records, per issue, how many of them received its event and when the
// last one did.
import { holdSubscribers } from './ws-subscribers.ts';
import { LiveEvents } from '../web/src/lib/operations.ts';

type Setup = { url: string; count: number; projectId: string };
type Event = { issueEvents: { kind: string; issue: { id: number; errorType: string } } };

const { url, count, projectId } = JSON.parse(process.argv[2]!) as Setup;
const probed = new Set<number>();

holdSubscribers<Event>({
  url,
  count,
  query: LiveEvents,
  variables: { filter: { projectIds: [projectId], kinds: ['CREATED'] } },
  next: (data, index) => {
    const { issue } = data.issueEvents;
    if (!issue.errorType.startsWith('Probe')) return issue.id;
    probed.add(index);
    return undefined;
  },
  answers: { 'probed?': () => probed.size },
});
