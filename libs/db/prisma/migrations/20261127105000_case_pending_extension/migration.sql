-- AlterTable
ALTER TABLE "Case" ADD COLUMN "pendingExtension" BOOLEAN NOT NULL DEFAULT false;

-- Backfill from the case view the events produced: a request awaiting a decision is an object there, null otherwise.
UPDATE "Case"
SET "pendingExtension" = true
WHERE json_valid("view") AND json_type("view", '$.pendingExtension') = 'object';
