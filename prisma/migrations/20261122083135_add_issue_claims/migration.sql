-- AlterTable
ALTER TABLE "issues" ADD COLUMN     "claim_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "claimed_at" TIMESTAMPTZ(3),
ADD COLUMN     "claimed_by" TEXT;

-- CreateIndex
CREATE INDEX "issues_status_claim_expires_at_idx" ON "issues"("status", "claim_expires_at");
