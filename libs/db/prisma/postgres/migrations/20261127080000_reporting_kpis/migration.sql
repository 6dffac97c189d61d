-- AlterTable
ALTER TABLE "ReportingCaseFact" ADD COLUMN     "channel" TEXT,
ADD COLUMN     "claimDueAt" TIMESTAMP(3),
ADD COLUMN     "claimedAt" TIMESTAMP(3),
ADD COLUMN     "claimedLate" BOOLEAN,
ADD COLUMN     "closedAt" TIMESTAMP(3),
ADD COLUMN     "closure" TEXT,
ADD COLUMN     "concentrated" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "deadlinesMissed" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "departmentId" TEXT,
ADD COLUMN     "enteredLedgerAt" TIMESTAMP(3),
ADD COLUMN     "extensionsApproved" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "extensionsRejected" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "extensionsRequested" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "feedbackAt" TIMESTAMP(3),
ADD COLUMN     "feedbackLate" BOOLEAN,
ADD COLUMN     "handlingDueAt" TIMESTAMP(3),
ADD COLUMN     "handlingLevel" TEXT,
ADD COLUMN     "lastRatedAt" TIMESTAMP(3),
ADD COLUMN     "lastRating" TEXT,
ADD COLUMN     "leaderId" TEXT,
ADD COLUMN     "maxEscalationStep" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "meetingId" TEXT,
ADD COLUMN     "publishedAt" TIMESTAMP(3),
ADD COLUMN     "reopenCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "resolvedOnSpot" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "resultOverdue" BOOLEAN,
ADD COLUMN     "resultReportedAt" TIMESTAMP(3),
ADD COLUMN     "villageId" TEXT;

-- CreateTable
CREATE TABLE "ReportingRatingFact" (
    "eventId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "rating" TEXT NOT NULL,
    "ratedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportingRatingFact_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "ReportingEscalationFact" (
    "eventId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "escalatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReportingEscalationFact_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "ReportingMeetingFact" (
    "meetingId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "convenerId" TEXT NOT NULL,
    "convenerRole" TEXT NOT NULL,
    "townId" TEXT,
    "villageId" TEXT,
    "courtyardId" TEXT,
    "scheduledAt" TIMESTAMP(3),
    "openedAt" TIMESTAMP(3),
    "invitedHouseholds" INTEGER NOT NULL,
    "householdsAtHome" INTEGER,
    "attendees" INTEGER,
    "issuesRaised" INTEGER,
    "resolvedOnSpot" INTEGER,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "ReportingMeetingFact_pkey" PRIMARY KEY ("meetingId")
);

-- CreateIndex
CREATE INDEX "ReportingRatingFact_caseId_idx" ON "ReportingRatingFact"("caseId");

-- CreateIndex
CREATE INDEX "ReportingEscalationFact_caseId_idx" ON "ReportingEscalationFact"("caseId");

-- CreateIndex
CREATE INDEX "ReportingMeetingFact_closedAt_idx" ON "ReportingMeetingFact"("closedAt");

-- CreateIndex
CREATE INDEX "ReportingCaseFact_closedAt_idx" ON "ReportingCaseFact"("closedAt");

-- CreateIndex
CREATE INDEX "ReportingCaseFact_raisedAt_idx" ON "ReportingCaseFact"("raisedAt");

