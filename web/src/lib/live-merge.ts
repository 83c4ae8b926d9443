// How a live issue event changes the issue list on screen. Pure, so it can be tested.
import { matchesView, type IssueView } from './filters.ts';
import type { IssueEventKind, IssueRowFragment } from './generated/graphql.ts';

export type ListState = { rows: IssueRowFragment[]; total: number };

/** The new state, which row to highlight, or that only the server can tell (refetch). */
export type Merge = { state: ListState; flash?: number } | { refetch: true } | null;

const isNewer = (a: IssueRowFragment, b: IssueRowFragment) =>
  a.occurrenceCount > b.occurrenceCount ||
  a.lastSeen > b.lastSeen ||
  a.status !== b.status ||
  a.regressionCount !== b.regressionCount;

export function mergeEvent(list: ListState, view: IssueView, kind: IssueEventKind, issue: IssueRowFragment): Merge {
  const index = list.rows.findIndex((r) => r.id === issue.id);
  const current = index >= 0 ? list.rows[index] : undefined;
  // An older snapshot arriving late (another replica, a coalesced event) changes nothing.
  if (current && !isNewer(issue, current)) return null;
  const fits = matchesView(view, issue);
  if (fits === undefined) return current || kind !== 'OCCURRED' ? { refetch: true } : null;
  if (!fits) {
    if (!current) return null;
    return { state: { rows: list.rows.filter((r) => r.id !== issue.id), total: Math.max(0, list.total - 1) } };
  }
  // Newest activity first on the first page: the issue goes (or moves) to the top.
  const atTop = view.sort === 'LAST_SEEN' && view.dir === 'DESC' && !view.after;
  const flash = kind === 'STATUS_CHANGED' ? undefined : issue.id;
  if (current) {
    const rows = atTop
      ? [issue, ...list.rows.filter((r) => r.id !== issue.id)]
      : list.rows.map((r) => (r.id === issue.id ? issue : r));
    return { state: { rows, total: list.total }, flash };
  }
  if (!atTop) return kind === 'OCCURRED' ? null : { refetch: true };
  return { state: { rows: [issue, ...list.rows], total: list.total + 1 }, flash };
}

/** Rows of a reloaded list that were not on screen before it, to be highlighted. */
export function addedRows(before: readonly IssueRowFragment[], after: readonly IssueRowFragment[]): number[] {
  const seen = new Set(before.map((r) => r.id));
  return after.filter((r) => !seen.has(r.id)).map((r) => r.id);
}
