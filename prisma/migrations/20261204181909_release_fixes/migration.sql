-- AlterTable
ALTER TABLE "issues" ADD COLUMN     "fix_awaits_release_since" TIMESTAMPTZ(3),
ADD COLUMN     "fix_commit" TEXT,
ADD COLUMN     "fixed_in_release" TEXT,
ADD COLUMN     "older_release_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "older_release_last_at" TIMESTAMPTZ(3);
