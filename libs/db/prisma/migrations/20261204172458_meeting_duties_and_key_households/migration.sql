-- CreateTable
CREATE TABLE "KeyHousehold" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "townId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "courtyardId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kinds" TEXT NOT NULL,
    "note" TEXT,
    "registeredById" TEXT NOT NULL,
    "registeredByRole" TEXT NOT NULL,
    "registeredAt" DATETIME NOT NULL,
    "retiredAt" DATETIME
);

-- CreateTable
CREATE TABLE "MeetingKeyHouseholdVisit" (
    "meetingId" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL,

    PRIMARY KEY ("meetingId", "householdId")
);

-- CreateIndex
CREATE INDEX "KeyHousehold_villageId_idx" ON "KeyHousehold"("villageId");

-- CreateIndex
CREATE INDEX "KeyHousehold_townId_idx" ON "KeyHousehold"("townId");

-- CreateIndex
CREATE INDEX "MeetingKeyHouseholdVisit_householdId_idx" ON "MeetingKeyHouseholdVisit"("householdId");

