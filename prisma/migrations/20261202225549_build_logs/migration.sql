-- CreateEnum
CREATE TYPE "BuildStatus" AS ENUM ('RUNNING', 'SUCCESS', 'FAILURE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "BuildLogType" AS ENUM ('LOG', 'WARN', 'ERROR', 'DEBUG', 'FOLD_START', 'FOLD_END');

-- CreateTable
CREATE TABLE "builds" (
    "id" SERIAL NOT NULL,
    "project_id" TEXT NOT NULL,
    "pipeline" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "status" "BuildStatus" NOT NULL DEFAULT 'RUNNING',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "day" DATE NOT NULL,
    "last_execute_count" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "builds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "build_executions" (
    "build_id" INTEGER NOT NULL,
    "execute_count" INTEGER NOT NULL,
    "line_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "build_executions_pkey" PRIMARY KEY ("build_id","execute_count")
);

-- CreateTable
CREATE TABLE "build_steps" (
    "build_id" INTEGER NOT NULL,
    "execute_count" INTEGER NOT NULL,
    "tag" TEXT NOT NULL,
    "status" "BuildStatus" NOT NULL DEFAULT 'RUNNING',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "line_count" INTEGER NOT NULL DEFAULT 0,
    "first_line_no" INTEGER,
    "last_line_no" INTEGER,

    CONSTRAINT "build_steps_pkey" PRIMARY KEY ("build_id","execute_count","tag")
);

-- CreateIndex
CREATE INDEX "builds_project_id_started_at_idx" ON "builds"("project_id", "started_at" DESC);

-- CreateIndex
CREATE INDEX "builds_started_at_idx" ON "builds"("started_at" DESC);

-- CreateIndex
CREATE INDEX "builds_day_idx" ON "builds"("day");

-- CreateIndex
CREATE UNIQUE INDEX "builds_project_id_pipeline_number_key" ON "builds"("project_id", "pipeline", "number");

-- AddForeignKey
ALTER TABLE "builds" ADD CONSTRAINT "builds_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "build_executions" ADD CONSTRAINT "build_executions_build_id_fkey" FOREIGN KEY ("build_id") REFERENCES "builds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "build_steps" ADD CONSTRAINT "build_steps_build_id_fkey" FOREIGN KEY ("build_id") REFERENCES "builds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Build log lines, written by hand: Prisma cannot describe a partitioned table. One partition
-- a day (build_log_lines_YYYYMMDD, made ahead by builds/store.ts): the lines of a build all go to
-- the partition of the day it started (builds.day), so reading one build touches one
-- partition, and BUILD_LOG_RETENTION_DAYS drops whole days instead of deleting rows.
CREATE TABLE "build_log_lines" (
    "build_id" INTEGER NOT NULL,
    "execute_count" INTEGER NOT NULL,
    "line_no" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "log_type" "BuildLogType" NOT NULL,
    "tag" TEXT,
    "sub_tag" TEXT,
    "job_id" TEXT,
    "message" TEXT NOT NULL,

    CONSTRAINT "build_log_lines_pkey" PRIMARY KEY ("build_id", "execute_count", "line_no", "day")
) PARTITION BY RANGE ("day");
