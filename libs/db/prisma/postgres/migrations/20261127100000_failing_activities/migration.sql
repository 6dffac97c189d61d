-- CreateTable
CREATE TABLE "FailingActivity" (
    "workflowId" TEXT NOT NULL,
    "activityType" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "activityId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "lastError" TEXT NOT NULL,
    "retrying" BOOLEAN NOT NULL,
    "firstFailedAt" TIMESTAMP(3) NOT NULL,
    "lastFailedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FailingActivity_pkey" PRIMARY KEY ("workflowId","activityType")
);

-- CreateIndex
CREATE INDEX "FailingActivity_lastFailedAt_idx" ON "FailingActivity"("lastFailedAt");

