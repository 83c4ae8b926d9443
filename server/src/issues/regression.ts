// A regression: a new occurrence of an issue in a status where it counts as mended
// (workflow.ts, reopensOnOccurrence) reopens it as NEW. It is the one status change that does
// not go through changeStatus(): the ingestion routine (prisma/routines/ingest_batch.sql)
// writes it in the batch's own statement, with the actor, note and details made here.
import { SYSTEM } from './transitions.ts';
import { REGRESSION_REASON, type TransitionDetails } from './transition-details.ts';

export const REGRESSION = { actor: SYSTEM.name, note: 'Regression: a new occurrence reopened the issue' };

/** The first report of the batch for the issue: the one that reopened it. */
type Reopener = { environment: string; version: string | null; commit_hash: string | null; timestamp: string };

export function regressionDetails(first: Reopener): TransitionDetails {
  return {
    reason: REGRESSION_REASON,
    environment: first.environment,
    version: first.version,
    commit_hash: first.commit_hash,
    occurred_at: first.timestamp,
  };
}
