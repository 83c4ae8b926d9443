-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Source" AS ENUM ('runtime', 'cicd', 'deployment');

-- CreateEnum
CREATE TYPE "Level" AS ENUM ('WARNING', 'ERROR', 'CRITICAL');

-- CreateEnum
CREATE TYPE "IssueStatus" AS ENUM ('NEW', 'VERIFYING', 'CANNOT_REPRODUCE', 'PENDING_FIX', 'FIXING', 'FIXED', 'VERIFIED', 'DEPLOYED', 'FIX_FAILED');

-- CreateTable
CREATE TABLE "projects" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "repo_url" TEXT,
    "local_path" TEXT,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "issues" (
    "id" SERIAL NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "project_id" TEXT NOT NULL,
    "source" "Source" NOT NULL,
    "level" "Level" NOT NULL,
    "error_type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "file_path" TEXT,
    "line_number" INTEGER,
    "status" "IssueStatus" NOT NULL DEFAULT 'NEW',
    "status_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "occurrence_count" INTEGER NOT NULL DEFAULT 0,
    "regression_count" INTEGER NOT NULL DEFAULT 0,
    "last_regressed_at" TIMESTAMPTZ(3),
    "environments" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "issues_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "occurrences" (
    "id" BIGSERIAL NOT NULL,
    "issue_id" INTEGER NOT NULL,
    "project_id" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" "Source" NOT NULL,
    "level" "Level" NOT NULL,
    "environment" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "file_path" TEXT,
    "line_number" INTEGER,
    "version" TEXT,
    "commit_hash" TEXT,
    "stack_trace" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "context" JSONB,
    "remote_addr" TEXT,
    "user_agent" TEXT,

    CONSTRAINT "occurrences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "status_transitions" (
    "id" BIGSERIAL NOT NULL,
    "issue_id" INTEGER NOT NULL,
    "from_status" "IssueStatus" NOT NULL,
    "to_status" "IssueStatus" NOT NULL,
    "actor" TEXT NOT NULL,
    "note" TEXT,
    "details" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "status_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "issues_fingerprint_key" ON "issues"("fingerprint");

-- CreateIndex
CREATE INDEX "issues_project_id_status_last_seen_idx" ON "issues"("project_id", "status", "last_seen" DESC);

-- CreateIndex
CREATE INDEX "issues_last_seen_idx" ON "issues"("last_seen" DESC);

-- CreateIndex
CREATE INDEX "occurrences_issue_id_timestamp_idx" ON "occurrences"("issue_id", "timestamp" DESC);

-- CreateIndex
CREATE INDEX "occurrences_project_id_timestamp_idx" ON "occurrences"("project_id", "timestamp");

-- CreateIndex
CREATE INDEX "status_transitions_issue_id_created_at_idx" ON "status_transitions"("issue_id", "created_at");

-- AddForeignKey
ALTER TABLE "issues" ADD CONSTRAINT "issues_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "occurrences" ADD CONSTRAINT "occurrences_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_transitions" ADD CONSTRAINT "status_transitions_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;
