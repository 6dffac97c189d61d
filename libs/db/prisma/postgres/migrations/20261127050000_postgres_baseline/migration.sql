-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "complexity" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "meetingId" TEXT,
    "townId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "courtyardId" TEXT,
    "reporterIds" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL,
    "policyVersion" TEXT NOT NULL,
    "handlerLevel" TEXT,
    "handlerUnitId" TEXT,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "concentrated" BOOLEAN NOT NULL DEFAULT false,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "resolvedOnSpot" BOOLEAN NOT NULL DEFAULT false,
    "nextDeadlineAt" TIMESTAMP(3),
    "nextDeadlineKind" TEXT,
    "reopenCount" INTEGER NOT NULL DEFAULT 0,
    "rating" TEXT,
    "closure" TEXT,
    "raisedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),
    "lastEventSeq" INTEGER NOT NULL,
    "view" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseTimelineEntry" (
    "caseId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "deadlineId" TEXT,
    "data" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL DEFAULT '',
    "hash" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "CaseTimelineEntry_pkey" PRIMARY KEY ("caseId","seq")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "key" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "responseBody" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("scope","key")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "sequence" SERIAL NOT NULL,
    "eventId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "publishedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("sequence")
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "consumer" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcessedEvent_pkey" PRIMARY KEY ("consumer","eventId")
);

-- CreateTable
CREATE TABLE "NotificationMessage" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportingCaseFact" (
    "caseId" TEXT NOT NULL,
    "category" TEXT,
    "townId" TEXT,
    "raisedAt" TIMESTAMP(3),
    "escalationCount" INTEGER NOT NULL DEFAULT 0,
    "lastEscalatedAt" TIMESTAMP(3),

    CONSTRAINT "ReportingCaseFact_pkey" PRIMARY KEY ("caseId")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "convenerId" TEXT NOT NULL,
    "convenerRole" TEXT NOT NULL,
    "scheduledAt" TIMESTAMP(3) NOT NULL,
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
    "openedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Case_status_idx" ON "Case"("status");

-- CreateIndex
CREATE INDEX "Case_townId_status_idx" ON "Case"("townId", "status");

-- CreateIndex
CREATE INDEX "Case_handlerUnitId_status_idx" ON "Case"("handlerUnitId", "status");

-- CreateIndex
CREATE INDEX "Case_nextDeadlineAt_idx" ON "Case"("nextDeadlineAt");

-- CreateIndex
CREATE UNIQUE INDEX "CaseTimelineEntry_eventId_key" ON "CaseTimelineEntry"("eventId");

-- CreateIndex
CREATE INDEX "IdempotencyRecord_createdAt_idx" ON "IdempotencyRecord"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_eventId_key" ON "OutboxEvent"("eventId");

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_sequence_idx" ON "OutboxEvent"("publishedAt", "sequence");

-- CreateIndex
CREATE INDEX "NotificationMessage_caseId_idx" ON "NotificationMessage"("caseId");

-- CreateIndex
CREATE INDEX "Meeting_townId_status_idx" ON "Meeting"("townId", "status");

-- CreateIndex
CREATE INDEX "Meeting_scheduledAt_idx" ON "Meeting"("scheduledAt");

-- AddForeignKey
ALTER TABLE "CaseTimelineEntry" ADD CONSTRAINT "CaseTimelineEntry_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

