-- CreateEnum
CREATE TYPE "DeadLetterStatus" AS ENUM ('waiting', 'replayed', 'discarded');

-- CreateTable
CREATE TABLE "dead_letters" (
    "id" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "app" TEXT NOT NULL,
    "event_id" TEXT,
    "cause" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "arrivals" INTEGER NOT NULL DEFAULT 1,
    "status" "DeadLetterStatus" NOT NULL DEFAULT 'waiting',
    "resolved_at" TIMESTAMPTZ(3),
    "resolved_by" TEXT,

    CONSTRAINT "dead_letters_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "dead_letters_status_first_seen_at_idx" ON "dead_letters"("status", "first_seen_at");

-- CreateIndex
CREATE UNIQUE INDEX "dead_letters_app_event_id_key" ON "dead_letters"("app", "event_id");
