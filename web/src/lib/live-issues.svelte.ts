// The issue list of a view, kept live: loaded over HTTP, then merged with issue events;
// re-read after a reconnect so that nothing missed while offline stays missing.
import type { Client } from '@urql/svelte';
import { SvelteSet } from 'svelte/reactivity';
import { pipe, subscribe } from 'wonka';
import { queryVariables, type IssueView } from './filters.ts';
import type { IssueRowFragment } from './generated/graphql.ts';
import { addedRows, mergeEvent } from './live-merge.ts';
import { IssuesPage, LiveEvents } from './operations.ts';

const FLASH_MS = 4000;

export class LiveIssues {
  rows = $state<IssueRowFragment[]>([]);
  total = $state(0);
  hasNextPage = $state(false);
  endCursor = $state<string | null>(null);
  loading = $state(true);
  error = $state<string | null>(null);
  readonly flashed = new SvelteSet<number>();

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
    const before = this.rows;
    this.rows = issues.edges.map((e) => e.node);
    this.total = issues.totalCount;
    this.hasNextPage = issues.pageInfo.hasNextPage;
    this.endCursor = issues.pageInfo.endCursor ?? null;
    if (flashNew) for (const id of addedRows(before, this.rows)) this.flash(id);
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
        if (merge.flash !== undefined) this.flash(merge.flash);
      }),
    );
    return unsubscribe;
  }

  replace(issue: IssueRowFragment) {
    this.rows = this.rows.map((r) => (r.id === issue.id ? issue : r));
  }

  private flash(id: number) {
    this.flashed.add(id);
    setTimeout(() => this.flashed.delete(id), FLASH_MS);
  }
}
