-- CreateTable
CREATE TABLE "LedgerReview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitKey" TEXT NOT NULL,
    "unitKind" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "policyVersion" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "remindedAt" DATETIME,
    "escalatedAt" DATETIME,
    "signedOffAt" DATETIME,
    "signedById" TEXT,
    "signedByName" TEXT
);

-- CreateTable
CREATE TABLE "LedgerReviewItem" (
    "reviewId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "unitKey" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "carriedOverBefore" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "townId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "closure" TEXT,
    "rating" TEXT,
    "resultSummary" TEXT,
    "raisedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "previousTargetDate" TEXT,
    "decision" TEXT,
    "reason" TEXT,
    "newTargetDate" TEXT,
    "resultChecked" BOOLEAN,
    "ratingChecked" BOOLEAN,
    "decidedById" TEXT,
    "decidedByName" TEXT,
    "decidedAt" DATETIME,
    "escalated" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("reviewId", "caseId")
);

-- CreateIndex
CREATE INDEX "LedgerReview_period_idx" ON "LedgerReview"("period");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerReview_unitKey_period_key" ON "LedgerReview"("unitKey", "period");

-- CreateIndex
CREATE INDEX "LedgerReviewItem_unitKey_caseId_idx" ON "LedgerReviewItem"("unitKey", "caseId");

