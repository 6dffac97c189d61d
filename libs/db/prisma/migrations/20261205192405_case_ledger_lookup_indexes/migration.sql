-- CreateIndex
CREATE INDEX "Case_villageId_category_status_raisedAt_idx" ON "Case"("villageId", "category", "status", "raisedAt");

-- CreateIndex
CREATE INDEX "Case_villageId_raisedAt_idx" ON "Case"("villageId", "raisedAt");
