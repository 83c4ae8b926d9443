-- DropIndex
DROP INDEX "occurrences_project_id_timestamp_idx";

-- CreateTable
CREATE TABLE "occurrence_rollups" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "project_id" TEXT NOT NULL,
    "source" "Source" NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "occurrence_rollups_pkey" PRIMARY KEY ("hour","project_id","source")
);

-- CreateIndex
CREATE INDEX "issues_first_seen_project_id_source_idx" ON "issues"("first_seen", "project_id", "source");

-- CreateIndex
CREATE INDEX "occurrences_timestamp_idx" ON "occurrences"("timestamp");

-- CreateIndex
CREATE INDEX "status_transitions_created_at_idx" ON "status_transitions"("created_at");

-- Backfill (written by hand): the rollup of every occurrence already stored.
INSERT INTO "occurrence_rollups" ("hour", "project_id", "source", "count")
SELECT date_trunc('hour', "timestamp", 'UTC'), "project_id", "source", count(*)::int
FROM "occurrences"
GROUP BY 1, 2, 3;
