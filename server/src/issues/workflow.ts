// The repair workflow's rules (seed 000: 错误状态流转).
import { IssueStatus } from '../generated/prisma/enums.ts';

/** A new occurrence of an issue in one of these states is a regression: it reopens as NEW. */
const REOPENED_BY_OCCURRENCE: ReadonlySet<IssueStatus> = new Set([
  IssueStatus.FIXED,
  IssueStatus.VERIFIED,
  IssueStatus.DEPLOYED,
]);

export function reopensOnOccurrence(status: IssueStatus): boolean {
  return REOPENED_BY_OCCURRENCE.has(status);
}
