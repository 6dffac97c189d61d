-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "key" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "responseBody" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("scope", "key")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CaseTimelineEntry" (
    "caseId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "deadlineId" TEXT,
    "data" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL DEFAULT '',
    "hash" TEXT NOT NULL DEFAULT '',

    PRIMARY KEY ("caseId", "seq"),
    CONSTRAINT "CaseTimelineEntry_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_CaseTimelineEntry" ("actorId", "actorRole", "at", "caseId", "data", "deadlineId", "eventId", "seq", "type") SELECT "actorId", "actorRole", "at", "caseId", "data", "deadlineId", "eventId", "seq", "type" FROM "CaseTimelineEntry";
DROP TABLE "CaseTimelineEntry";
ALTER TABLE "new_CaseTimelineEntry" RENAME TO "CaseTimelineEntry";
CREATE UNIQUE INDEX "CaseTimelineEntry_eventId_key" ON "CaseTimelineEntry"("eventId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "IdempotencyRecord_createdAt_idx" ON "IdempotencyRecord"("createdAt");

