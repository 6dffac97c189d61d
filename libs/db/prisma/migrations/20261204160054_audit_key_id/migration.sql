-- AlterTable
ALTER TABLE "CaseTimelineEntry" ADD COLUMN "keyId" TEXT NOT NULL DEFAULT '';
