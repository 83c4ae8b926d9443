-- CreateTable
CREATE TABLE "project_changes" (
    "id" SERIAL NOT NULL,
    "project_id" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "actor" TEXT NOT NULL,
    "user_id" INTEGER,
    "remote_addr" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "project_changes_project_id_created_at_idx" ON "project_changes"("project_id", "created_at");

-- AddForeignKey
ALTER TABLE "project_changes" ADD CONSTRAINT "project_changes_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_changes" ADD CONSTRAINT "project_changes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
