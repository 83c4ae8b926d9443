// The issue list of a view, kept live: loaded over HTTP, then merged with issue events;
// re-read after a reconnect so that nothing missed while offline stays missing.
import type { Client } from '@urql/svelte';
import { pipe, subscribe } from 'wonka';
import { queryVariables, type IssueView } from './filters.ts';
import type { IssueRowFragment } from './generated/graphql.ts';
import { mergeEvent } from './live-merge.ts';
import { IssuesPage, LiveEvents } from './operations.ts';

const FLASH_MS = 4000;

export class LiveIssues {
  rows = $state<IssueRowFragment[]>([]);
  total = $state(0);
  hasNextPage = $state(false);
  endCursor = $state<string | null>(null);
  loading = $state(true);
  error = $state<string | null>(null);
  flashed = $state<Set<number>>(new Set());

  private previousIds = new Set<number>();

  constructor(
    private readonly client: Client,
    private readonly view: IssueView,
    private readonly pageSize: number,
  ) {}

  async load(flashNew = false) {
    const result = await this.client
      .query(IssuesPage, queryVariables(this.view, this.pageSize), { requestPolicy: 'network-only' })
      .toPromise();
    this.loading = false;
    if (result.error || !result.data) {
      this.error = result.error?.message ?? 'the issue list could not be loaded';
      return;
    }
    this.error = null;
    const { issues } = result.data;
    this.rows = issues.edges.map((e) => e.node);
    this.total = issues.totalCount;
    this.hasNextPage = issues.pageInfo.hasNextPage;
    this.endCursor = issues.pageInfo.endCursor ?? null;
    if (flashNew) for (const r of this.rows) if (!this.previousIds.has(r.id)) this.flash(r.id);
    this.previousIds = new Set(this.rows.map((r) => r.id));
  }

  /** Follows issue events; returns the unsubscribe. */
  follow(): () => void {
    const filter = {
      // Statuses are left to the client: an issue leaving the filtered status must still arrive.
      projectIds: this.view.projects.length ? this.view.projects : null,
      sources: this.view.sources.length ? this.view.sources : null,
    };
    const { unsubscribe } = pipe(
      this.client.subscription(LiveEvents, { filter }),
      subscribe((result) => {
        const event = result.data?.issueEvents;
        if (!event) return;
        const merge = mergeEvent({ rows: this.rows, total: this.total }, this.view, event.kind, event.issue);
        if (!merge) return;
        if ('refetch' in merge) return void this.load(true);
        this.rows = merge.state.rows;
        this.total = merge.state.total;
        this.previousIds = new Set(this.rows.map((r) => r.id));
        if (merge.flash !== undefined) this.flash(merge.flash);
      }),
    );
    return unsubscribe;
  }

  replace(issue: IssueRowFragment) {
    this.rows = this.rows.map((r) => (r.id === issue.id ? issue : r));
  }

  private flash(id: number) {
    this.flashed = new Set([...this.flashed, id]);
    setTimeout(() => {
      const next = new Set(this.flashed);
      next.delete(id);
      this.flashed = next;
    }, FLASH_MS);
  }
}
