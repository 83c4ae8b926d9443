-- CreateTable
CREATE TABLE "upload_chunks" (
    "checksum" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "upload_chunks_pkey" PRIMARY KEY ("checksum")
);

-- CreateTable
CREATE TABLE "artifact_bundles" (
    "id" SERIAL NOT NULL,
    "checksum" TEXT NOT NULL,
    "release" TEXT,
    "dist" TEXT,
    "projects" TEXT[],
    "size" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "artifact_bundles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "artifact_files" (
    "id" SERIAL NOT NULL,
    "bundle_id" INTEGER NOT NULL,
    "url" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "debug_id" TEXT,
    "source_map" TEXT,
    "content" BYTEA NOT NULL,

    CONSTRAINT "artifact_files_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "upload_chunks_created_at_idx" ON "upload_chunks"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "artifact_bundles_checksum_key" ON "artifact_bundles"("checksum");

-- CreateIndex
CREATE INDEX "artifact_files_debug_id_type_idx" ON "artifact_files"("debug_id", "type");

-- CreateIndex
CREATE INDEX "artifact_files_url_idx" ON "artifact_files"("url");

-- CreateIndex
CREATE INDEX "artifact_files_bundle_id_idx" ON "artifact_files"("bundle_id");

-- AddForeignKey
ALTER TABLE "artifact_files" ADD CONSTRAINT "artifact_files_bundle_id_fkey" FOREIGN KEY ("bundle_id") REFERENCES "artifact_bundles"("id") ON DELETE CASCADE ON UPDATE CASCADE;
