-- AlterEnum
ALTER TYPE "TokenScope" ADD VALUE 'RELEASE' BEFORE 'ADMIN';

-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "production_environment" TEXT NOT NULL DEFAULT 'production';

-- AlterTable
ALTER TABLE "issues" ADD COLUMN     "first_release" TEXT,
ADD COLUMN     "last_release" TEXT;

-- AlterTable
ALTER TABLE "occurrence_rollups" DROP CONSTRAINT "occurrence_rollups_pkey",
ADD COLUMN     "release" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "occurrence_rollups_pkey" PRIMARY KEY ("hour", "project_id", "source", "release");

-- CreateTable
CREATE TABLE "releases" (
    "id" SERIAL NOT NULL,
    "version" TEXT NOT NULL,
    "url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "released_at" TIMESTAMPTZ(3),
    "refs" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "releases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "release_projects" (
    "release_id" INTEGER NOT NULL,
    "project_id" TEXT NOT NULL,

    CONSTRAINT "release_projects_pkey" PRIMARY KEY ("release_id","project_id")
);

-- CreateTable
CREATE TABLE "release_commits" (
    "release_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "sha" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "author_name" TEXT,
    "author_email" TEXT,
    "message" TEXT,
    "committed_at" TIMESTAMPTZ(3),
    "files" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "release_commits_pkey" PRIMARY KEY ("release_id","position")
);

-- CreateTable
CREATE TABLE "deploys" (
    "id" SERIAL NOT NULL,
    "release_id" INTEGER NOT NULL,
    "environment" TEXT NOT NULL,
    "name" TEXT,
    "url" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "projects" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deploys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "releases_version_key" ON "releases"("version");

-- CreateIndex
CREATE INDEX "releases_created_at_idx" ON "releases"("created_at" DESC);

-- CreateIndex
CREATE INDEX "release_projects_project_id_idx" ON "release_projects"("project_id");

-- CreateIndex
CREATE INDEX "release_commits_sha_idx" ON "release_commits"("sha");

-- CreateIndex
CREATE INDEX "deploys_release_id_finished_at_idx" ON "deploys"("release_id", "finished_at");

-- CreateIndex
CREATE INDEX "issues_project_id_first_release_idx" ON "issues"("project_id", "first_release");

-- CreateIndex
CREATE INDEX "occurrence_rollups_release_hour_idx" ON "occurrence_rollups"("release", "hour");

-- AddForeignKey
ALTER TABLE "release_projects" ADD CONSTRAINT "release_projects_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "release_projects" ADD CONSTRAINT "release_projects_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "release_commits" ADD CONSTRAINT "release_commits_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deploys" ADD CONSTRAINT "deploys_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every version already reported becomes a release of the projects that reported it, and
-- each issue learns its first and last release.
INSERT INTO "releases" ("version", "created_at")
SELECT "version", min("received_at") FROM "occurrences" WHERE "version" IS NOT NULL GROUP BY "version";

INSERT INTO "release_projects" ("release_id", "project_id")
SELECT DISTINCT r."id", o."project_id" FROM "occurrences" o JOIN "releases" r ON r."version" = o."version";

UPDATE "issues" i SET "first_release" = v."first", "last_release" = v."last"
FROM (SELECT "issue_id",
             (array_agg("version" ORDER BY "timestamp", "id"))[1] AS "first",
             (array_agg("version" ORDER BY "timestamp" DESC, "id" DESC))[1] AS "last"
      FROM "occurrences" WHERE "version" IS NOT NULL GROUP BY "issue_id") v
WHERE i."id" = v."issue_id";

-- The hourly rollups, counted again from the occurrences (retention keeps both for as long),
-- now per release too.
DELETE FROM "occurrence_rollups";
INSERT INTO "occurrence_rollups" ("hour", "project_id", "source", "release", "count")
SELECT date_trunc('hour', "timestamp", 'UTC'), "project_id", "source", coalesce("version", ''), count(*)
FROM "occurrences" GROUP BY 1, 2, 3, 4;
