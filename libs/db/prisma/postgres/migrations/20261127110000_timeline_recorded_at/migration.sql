-- AlterTable
ALTER TABLE "CaseTimelineEntry" ADD COLUMN     "recordedAt" TIMESTAMP(3);

