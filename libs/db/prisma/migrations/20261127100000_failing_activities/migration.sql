-- CreateTable
CREATE TABLE "FailingActivity" (
    "workflowId" TEXT NOT NULL,
    "activityType" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "activityId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "lastError" TEXT NOT NULL,
    "retrying" BOOLEAN NOT NULL,
    "firstFailedAt" DATETIME NOT NULL,
    "lastFailedAt" DATETIME NOT NULL,

    PRIMARY KEY ("workflowId", "activityType")
);

-- CreateIndex
CREATE INDEX "FailingActivity_lastFailedAt_idx" ON "FailingActivity"("lastFailedAt");

