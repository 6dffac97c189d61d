-- Notification: templates, deliveries per channel with retry state, preferences, group webhooks,
-- and the case scope the service keeps from the topic to find recipients.
-- CreateTable
CREATE TABLE "NotificationDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "messageId" TEXT,
    "channel" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" DATETIME NOT NULL,
    "deferred" BOOLEAN NOT NULL DEFAULT false,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "NotificationTemplate" (
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT,

    PRIMARY KEY ("kind", "channel")
);

-- CreateTable
CREATE TABLE "NotificationPreference" (
    "personId" TEXT NOT NULL PRIMARY KEY,
    "channels" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "quietStart" TEXT,
    "quietEnd" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "NotificationWebhook" (
    "scopeKind" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "style" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("scopeKind", "scopeId")
);

-- CreateTable
CREATE TABLE "NotificationCaseScope" (
    "caseId" TEXT NOT NULL PRIMARY KEY,
    "category" TEXT NOT NULL,
    "townId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "reporterIds" TEXT NOT NULL DEFAULT '[]',
    "supervisorIds" TEXT NOT NULL DEFAULT '[]',
    "leadDepartmentId" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_NotificationMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "subject" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "readAt" DATETIME
);
-- Messages written before templates existed keep their text, but their kind is not recoverable.
INSERT INTO "new_NotificationMessage" ("body", "caseId", "createdAt", "eventId", "id", "recipient", "kind") SELECT "body", "caseId", "createdAt", "eventId", "id", "recipient", 'notice' FROM "NotificationMessage";
DROP TABLE "NotificationMessage";
ALTER TABLE "new_NotificationMessage" RENAME TO "NotificationMessage";
CREATE INDEX "NotificationMessage_caseId_idx" ON "NotificationMessage"("caseId");
CREATE INDEX "NotificationMessage_recipient_createdAt_idx" ON "NotificationMessage"("recipient", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "NotificationDelivery_status_nextAttemptAt_idx" ON "NotificationDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "NotificationDelivery_messageId_idx" ON "NotificationDelivery"("messageId");

-- CreateIndex
CREATE INDEX "NotificationDelivery_eventId_idx" ON "NotificationDelivery"("eventId");

