-- CreateTable
CREATE TABLE "notification_events" (
    "id" BIGSERIAL NOT NULL,
    "issue_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "transition_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_events_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_issue_id_fkey" FOREIGN KEY ("issue_id") REFERENCES "issues"("id") ON DELETE CASCADE ON UPDATE CASCADE;
