-- AlterTable
ALTER TABLE "CaseTimelineEntry" ADD COLUMN "recordedAt" DATETIME;

