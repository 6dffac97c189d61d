-- Meetings (院坝会) become an entity of their own; cases keep referring to them by Case.meetingId.
-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "level" TEXT NOT NULL,
    "convenerId" TEXT NOT NULL,
    "convenerRole" TEXT NOT NULL,
    "scheduledAt" DATETIME NOT NULL,
    "townId" TEXT,
    "villageId" TEXT,
    "courtyardId" TEXT,
    "mode" TEXT NOT NULL,
    "invitedHouseholds" INTEGER NOT NULL,
    "householdsAtHome" INTEGER,
    "attendees" INTEGER,
    "topics" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "issuesRaised" INTEGER,
    "resolvedOnSpot" INTEGER,
    "openedAt" DATETIME NOT NULL,
    "closedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Meeting_townId_status_idx" ON "Meeting"("townId", "status");

-- CreateIndex
CREATE INDEX "Meeting_scheduledAt_idx" ON "Meeting"("scheduledAt");

