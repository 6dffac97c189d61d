-- CreateTable
CREATE TABLE "LedgerReview" (
    "id" TEXT NOT NULL,
    "unitKey" TEXT NOT NULL,
    "unitKind" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "policyVersion" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "remindedAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "signedOffAt" TIMESTAMP(3),
    "signedById" TEXT,
    "signedByName" TEXT,

    CONSTRAINT "LedgerReview_pkey" PRIMARY KEY ("id")
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
    "raisedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "previousTargetDate" TEXT,
    "decision" TEXT,
    "reason" TEXT,
    "newTargetDate" TEXT,
    "resultChecked" BOOLEAN,
    "ratingChecked" BOOLEAN,
    "decidedById" TEXT,
    "decidedByName" TEXT,
    "decidedAt" TIMESTAMP(3),
    "escalated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "LedgerReviewItem_pkey" PRIMARY KEY ("reviewId","caseId")
);

-- CreateIndex
CREATE INDEX "LedgerReview_period_idx" ON "LedgerReview"("period");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerReview_unitKey_period_key" ON "LedgerReview"("unitKey", "period");

-- CreateIndex
CREATE INDEX "LedgerReviewItem_unitKey_caseId_idx" ON "LedgerReviewItem"("unitKey", "caseId");

