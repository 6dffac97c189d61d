-- DropIndex
DROP INDEX "Case_villageId_category_status_raisedAt_idx";

-- AlterTable
ALTER TABLE "Case" ADD COLUMN "duplicateKey" TEXT;

-- CreateIndex
CREATE INDEX "Case_villageId_category_duplicateKey_raisedAt_idx" ON "Case"("villageId", "category", "duplicateKey", "raisedAt");
