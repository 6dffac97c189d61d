-- Notification: templates, deliveries per channel with retry state, preferences, group webhooks,
-- and the case scope the service keeps from the topic to find recipients.
-- AlterTable
ALTER TABLE "NotificationMessage" DROP COLUMN "channel",
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'notice',
ADD COLUMN     "readAt" TIMESTAMP(3),
ADD COLUMN     "subject" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "urgent" BOOLEAN NOT NULL DEFAULT false;
-- Messages written before templates existed keep their text, and only the new rows name their kind.
ALTER TABLE "NotificationMessage" ALTER COLUMN "kind" DROP DEFAULT;

-- CreateTable
CREATE TABLE "NotificationDelivery" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "messageId" TEXT,
    "channel" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "deferred" BOOLEAN NOT NULL DEFAULT false,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationTemplate" (
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "NotificationTemplate_pkey" PRIMARY KEY ("kind","channel")
);

-- CreateTable
CREATE TABLE "NotificationPreference" (
    "personId" TEXT NOT NULL,
    "channels" TEXT NOT NULL,
    "email" TEXT,
    "phone" TEXT,
    "quietStart" TEXT,
    "quietEnd" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationPreference_pkey" PRIMARY KEY ("personId")
);

-- CreateTable
CREATE TABLE "NotificationWebhook" (
    "scopeKind" TEXT NOT NULL,
    "scopeId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "style" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationWebhook_pkey" PRIMARY KEY ("scopeKind","scopeId")
);

-- CreateTable
CREATE TABLE "NotificationCaseScope" (
    "caseId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "townId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "reporterIds" TEXT NOT NULL DEFAULT '[]',
    "supervisorIds" TEXT NOT NULL DEFAULT '[]',
    "leadDepartmentId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationCaseScope_pkey" PRIMARY KEY ("caseId")
);

-- CreateIndex
CREATE INDEX "NotificationDelivery_status_nextAttemptAt_idx" ON "NotificationDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "NotificationDelivery_messageId_idx" ON "NotificationDelivery"("messageId");

-- CreateIndex
CREATE INDEX "NotificationDelivery_eventId_idx" ON "NotificationDelivery"("eventId");

-- CreateIndex
CREATE INDEX "NotificationMessage_recipient_createdAt_idx" ON "NotificationMessage"("recipient", "createdAt");

