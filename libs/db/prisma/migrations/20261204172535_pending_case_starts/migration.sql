-- CreateTable
CREATE TABLE "PendingCaseStart" (
    "caseId" TEXT NOT NULL PRIMARY KEY,
    "input" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT
);

-- CreateIndex
CREATE INDEX "PendingCaseStart_createdAt_idx" ON "PendingCaseStart"("createdAt");

