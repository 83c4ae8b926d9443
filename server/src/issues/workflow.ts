// The repair workflow (seed 000: 错误状态流转) as a table of allowed transitions.
//
//   NEW → VERIFYING → PENDING_FIX → FIXING → FIXED → VERIFIED → DEPLOYED
//             ↓                       ↓
//      CANNOT_REPRODUCE           FIX_FAILED → PENDING_FIX (retry)
//
// FIXING → PENDING_FIX hands an issue back (a released or expired agent claim), and
// FIXED, VERIFIED and DEPLOYED reopen as NEW: by hand, or when the error occurs again.
import { IssueStatus } from '../generated/prisma/enums.ts';

const { NEW, VERIFYING, CANNOT_REPRODUCE, PENDING_FIX, FIXING, FIXED, VERIFIED, DEPLOYED, FIX_FAILED } = IssueStatus;

const TRANSITIONS: Readonly<Record<IssueStatus, readonly IssueStatus[]>> = {
  NEW: [VERIFYING],
  VERIFYING: [PENDING_FIX, CANNOT_REPRODUCE],
  CANNOT_REPRODUCE: [],
  PENDING_FIX: [FIXING],
  FIXING: [FIXED, FIX_FAILED, PENDING_FIX],
  FIXED: [VERIFIED, NEW],
  VERIFIED: [DEPLOYED, NEW],
  DEPLOYED: [NEW],
  FIX_FAILED: [PENDING_FIX],
};

export function allowedTransitions(from: IssueStatus): readonly IssueStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: IssueStatus, to: IssueStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** A new occurrence of an issue in one of these states is a regression: it reopens as NEW. */
export function reopensOnOccurrence(status: IssueStatus): boolean {
  return status === FIXED || status === VERIFIED || status === DEPLOYED;
}
