-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "category" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "townId" TEXT,
    "villageId" TEXT,
    "status" TEXT NOT NULL,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "claimDeadlineAt" DATETIME NOT NULL,
    "raisedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Escalation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "escalatedTo" TEXT NOT NULL,
    "deadlineAt" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "Escalation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "sequence" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "publishedAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "consumer" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "processedAt" DATETIME NOT NULL,

    PRIMARY KEY ("consumer", "eventId")
);

-- CreateTable
CREATE TABLE "NotificationMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ReportingCaseFact" (
    "caseId" TEXT NOT NULL PRIMARY KEY,
    "category" TEXT,
    "townId" TEXT,
    "raisedAt" DATETIME,
    "escalationCount" INTEGER NOT NULL DEFAULT 0,
    "lastEscalatedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Case_status_idx" ON "Case"("status");

-- CreateIndex
CREATE INDEX "Case_townId_status_idx" ON "Case"("townId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Escalation_caseId_step_key" ON "Escalation"("caseId", "step");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_eventId_key" ON "OutboxEvent"("eventId");

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_sequence_idx" ON "OutboxEvent"("publishedAt", "sequence");

-- CreateIndex
CREATE INDEX "NotificationMessage_caseId_idx" ON "NotificationMessage"("caseId");

