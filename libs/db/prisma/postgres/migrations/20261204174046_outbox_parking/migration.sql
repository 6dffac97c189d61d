-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "parkedAt" TIMESTAMP(3),
ADD COLUMN     "refusals" INTEGER NOT NULL DEFAULT 0;

