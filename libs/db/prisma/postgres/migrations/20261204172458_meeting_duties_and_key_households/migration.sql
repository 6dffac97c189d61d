-- CreateTable
CREATE TABLE "KeyHousehold" (
    "id" TEXT NOT NULL,
    "townId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "courtyardId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kinds" TEXT NOT NULL,
    "note" TEXT,
    "registeredById" TEXT NOT NULL,
    "registeredByRole" TEXT NOT NULL,
    "registeredAt" TIMESTAMP(3) NOT NULL,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "KeyHousehold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingKeyHouseholdVisit" (
    "meetingId" TEXT NOT NULL,
    "householdId" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MeetingKeyHouseholdVisit_pkey" PRIMARY KEY ("meetingId","householdId")
);

-- CreateIndex
CREATE INDEX "KeyHousehold_villageId_idx" ON "KeyHousehold"("villageId");

-- CreateIndex
CREATE INDEX "KeyHousehold_townId_idx" ON "KeyHousehold"("townId");

-- CreateIndex
CREATE INDEX "MeetingKeyHouseholdVisit_householdId_idx" ON "MeetingKeyHouseholdVisit"("householdId");

