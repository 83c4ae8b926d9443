-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "ingest_key_required" BOOLEAN NOT NULL DEFAULT false;
