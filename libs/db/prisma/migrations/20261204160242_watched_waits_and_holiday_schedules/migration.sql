-- CreateTable
CREATE TABLE "HolidaySchedule" (
    "year" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "schedule" TEXT NOT NULL,
    "loadedBy" TEXT NOT NULL,
    "loadedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("year", "revision")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Case" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "category" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "complexity" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "meetingId" TEXT,
    "townId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "courtyardId" TEXT,
    "reporterIds" TEXT NOT NULL DEFAULT '[]',
    "coHandlerIds" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL,
    "policyVersion" TEXT NOT NULL,
    "handlerLevel" TEXT,
    "handlerUnitId" TEXT,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "concentrated" BOOLEAN NOT NULL DEFAULT false,
    "pendingExtension" BOOLEAN NOT NULL DEFAULT false,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "resolvedOnSpot" BOOLEAN NOT NULL DEFAULT false,
    "nextDeadlineAt" DATETIME,
    "nextDeadlineKind" TEXT,
    "reopenCount" INTEGER NOT NULL DEFAULT 0,
    "rating" TEXT,
    "closure" TEXT,
    "raisedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "lastEventSeq" INTEGER NOT NULL,
    "view" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "pendingPause" BOOLEAN NOT NULL DEFAULT false,
    "openInstructions" INTEGER NOT NULL DEFAULT 0,
    "escalationUnseen" BOOLEAN NOT NULL DEFAULT false,
    "provisionalDeadlines" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Case" ("category", "channel", "closedAt", "closure", "coHandlerIds", "complexity", "concentrated", "courtyardId", "description", "escalationLevel", "handlerLevel", "handlerUnitId", "id", "lastEventSeq", "meetingId", "nextDeadlineAt", "nextDeadlineKind", "overdue", "paused", "pendingExtension", "policyVersion", "raisedAt", "rating", "reopenCount", "reporterIds", "resolvedOnSpot", "status", "townId", "updatedAt", "view", "villageId") SELECT "category", "channel", "closedAt", "closure", "coHandlerIds", "complexity", "concentrated", "courtyardId", "description", "escalationLevel", "handlerLevel", "handlerUnitId", "id", "lastEventSeq", "meetingId", "nextDeadlineAt", "nextDeadlineKind", "overdue", "paused", "pendingExtension", "policyVersion", "raisedAt", "rating", "reopenCount", "reporterIds", "resolvedOnSpot", "status", "townId", "updatedAt", "view", "villageId" FROM "Case";
DROP TABLE "Case";
ALTER TABLE "new_Case" RENAME TO "Case";
CREATE INDEX "Case_status_idx" ON "Case"("status");
CREATE INDEX "Case_townId_status_idx" ON "Case"("townId", "status");
CREATE INDEX "Case_handlerUnitId_status_idx" ON "Case"("handlerUnitId", "status");
CREATE INDEX "Case_nextDeadlineAt_idx" ON "Case"("nextDeadlineAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

