// Labels and order of the workflow's states, sources and levels, for display.
import type { IssueStatus, Level, Source } from './generated/graphql.ts';

export const STATUSES: IssueStatus[] = [
  'NEW',
  'VERIFYING',
  'CANNOT_REPRODUCE',
  'PENDING_FIX',
  'FIXING',
  'FIXED',
  'VERIFIED',
  'DEPLOYED',
  'FIX_FAILED',
];
export const SOURCES: Source[] = ['runtime', 'cicd', 'deployment'];
export const LEVELS: Level[] = ['CRITICAL', 'ERROR', 'WARNING'];

export const statusLabel = (s: IssueStatus) => s.replace(/_/g, ' ').toLowerCase();
export const sourceLabel: Record<Source, string> = { runtime: 'Runtime', cicd: 'CI/CD', deployment: 'Deployment' };
