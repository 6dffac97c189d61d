-- CreateTable
CREATE TABLE "ReportingRatingFact" (
    "eventId" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "rating" TEXT NOT NULL,
    "ratedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReportingEscalationFact" (
    "eventId" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "escalatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReportingMeetingFact" (
    "meetingId" TEXT NOT NULL PRIMARY KEY,
    "level" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "convenerId" TEXT NOT NULL,
    "convenerRole" TEXT NOT NULL,
    "townId" TEXT,
    "villageId" TEXT,
    "courtyardId" TEXT,
    "scheduledAt" DATETIME,
    "openedAt" DATETIME,
    "invitedHouseholds" INTEGER NOT NULL,
    "householdsAtHome" INTEGER,
    "attendees" INTEGER,
    "issuesRaised" INTEGER,
    "resolvedOnSpot" INTEGER,
    "closedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ReportingCaseFact" (
    "caseId" TEXT NOT NULL PRIMARY KEY,
    "category" TEXT,
    "channel" TEXT,
    "meetingId" TEXT,
    "townId" TEXT,
    "villageId" TEXT,
    "handlingLevel" TEXT,
    "departmentId" TEXT,
    "leaderId" TEXT,
    "raisedAt" DATETIME,
    "resolvedOnSpot" BOOLEAN NOT NULL DEFAULT false,
    "enteredLedgerAt" DATETIME,
    "publishedAt" DATETIME,
    "claimDueAt" DATETIME,
    "claimedAt" DATETIME,
    "claimedLate" BOOLEAN,
    "handlingDueAt" DATETIME,
    "resultReportedAt" DATETIME,
    "resultOverdue" BOOLEAN,
    "deadlinesMissed" INTEGER NOT NULL DEFAULT 0,
    "escalationCount" INTEGER NOT NULL DEFAULT 0,
    "maxEscalationStep" INTEGER NOT NULL DEFAULT 0,
    "lastEscalatedAt" DATETIME,
    "extensionsRequested" INTEGER NOT NULL DEFAULT 0,
    "extensionsApproved" INTEGER NOT NULL DEFAULT 0,
    "extensionsRejected" INTEGER NOT NULL DEFAULT 0,
    "feedbackAt" DATETIME,
    "feedbackLate" BOOLEAN,
    "lastRating" TEXT,
    "lastRatedAt" DATETIME,
    "reopenCount" INTEGER NOT NULL DEFAULT 0,
    "concentrated" BOOLEAN NOT NULL DEFAULT false,
    "closure" TEXT,
    "closedAt" DATETIME
);
INSERT INTO "new_ReportingCaseFact" ("caseId", "category", "escalationCount", "lastEscalatedAt", "raisedAt", "townId") SELECT "caseId", "category", "escalationCount", "lastEscalatedAt", "raisedAt", "townId" FROM "ReportingCaseFact";
DROP TABLE "ReportingCaseFact";
ALTER TABLE "new_ReportingCaseFact" RENAME TO "ReportingCaseFact";
CREATE INDEX "ReportingCaseFact_closedAt_idx" ON "ReportingCaseFact"("closedAt");
CREATE INDEX "ReportingCaseFact_raisedAt_idx" ON "ReportingCaseFact"("raisedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ReportingRatingFact_caseId_idx" ON "ReportingRatingFact"("caseId");

-- CreateIndex
CREATE INDEX "ReportingEscalationFact_caseId_idx" ON "ReportingEscalationFact"("caseId");

-- CreateIndex
CREATE INDEX "ReportingMeetingFact_closedAt_idx" ON "ReportingMeetingFact"("closedAt");

