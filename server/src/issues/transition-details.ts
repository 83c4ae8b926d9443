// What a status change keeps beside itself (StatusTransition.details): one shape per kind of
// change. claims.ts writes the claim and fix kinds through changeStatus(); the ingestion
// routine writes the regression kind with the values regression.ts makes. Readers go through
// the functions below, which check the shape rather than trust a cast.
import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.ts';

const nullableText = z.string().nullable();

const fixSchema = z.object({
  outcome: z.enum(['FIXED', 'FIX_FAILED']),
  commit: nullableText,
  branch: nullableText,
  prUrl: nullableText,
  summary: nullableText,
});
const claimExpiredSchema = z.object({ agentId: nullableText, expiredAt: nullableText });
const deployedSchema = z.object({ id: z.number(), release: z.string(), environment: z.string() });

/** What a repair agent reported with FIXED or FIX_FAILED. */
export type Fix = z.infer<typeof fixSchema>;
export type ExpiredClaim = z.infer<typeof claimExpiredSchema>;
export type Deployed = z.infer<typeof deployedSchema>;

export type TransitionDetails =
  | { fix: Fix }
  | { claim: { agentId: string; leaseSeconds: number; expiresAt: string } }
  | { claim: ExpiredClaim }
  /** A production deploy of the release with the fix moved the issue to DEPLOYED. */
  | { deploy: Deployed }
  | {
      /** The occurrence that reopened the issue. */
      reason: typeof REGRESSION_REASON;
      environment: string;
      version: string | null;
      commit_hash: string | null;
      occurred_at: string;
    };

/** Marks a regression's details; statistics count regressions by it. */
export const REGRESSION_REASON = 'regression';

const fixDetails = z.object({ fix: fixSchema });
const expiredClaimDetails = z.object({ claim: claimExpiredSchema });

/** The agent's report, when the transition is one. */
export function fixOf(details: Prisma.JsonValue | null): Fix | null {
  const parsed = fixDetails.safeParse(details);
  return parsed.success ? parsed.data.fix : null;
}

/** Whose lease ran out, when the transition handed its issue back. */
export function expiredClaimOf(details: Prisma.JsonValue | null): ExpiredClaim | null {
  const parsed = expiredClaimDetails.safeParse(details);
  return parsed.success ? parsed.data.claim : null;
}

const deployedDetails = z.object({ deploy: deployedSchema });

/** The deploy that moved the issue to DEPLOYED, when the transition is one. */
export function deployOf(details: Prisma.JsonValue | null): Deployed | null {
  const parsed = deployedDetails.safeParse(details);
  return parsed.success ? parsed.data.deploy : null;
}
