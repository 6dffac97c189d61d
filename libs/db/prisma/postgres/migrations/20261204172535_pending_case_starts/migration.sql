-- CreateTable
CREATE TABLE "PendingCaseStart" (
    "caseId" TEXT NOT NULL,
    "input" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "PendingCaseStart_pkey" PRIMARY KEY ("caseId")
);

-- CreateIndex
CREATE INDEX "PendingCaseStart_createdAt_idx" ON "PendingCaseStart"("createdAt");

