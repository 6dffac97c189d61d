-- AlterTable (added in place: the outbox keeps its rows and its sequence)
ALTER TABLE "OutboxEvent" ADD COLUMN "refusals" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "OutboxEvent" ADD COLUMN "parkedAt" DATETIME;
