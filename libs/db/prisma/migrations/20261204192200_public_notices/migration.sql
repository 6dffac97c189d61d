-- CreateTable
CREATE TABLE "NotificationPublicNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "townId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "publishedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "NotificationPublicNotice_eventId_key" ON "NotificationPublicNotice"("eventId");

-- CreateIndex
CREATE INDEX "NotificationPublicNotice_villageId_publishedAt_idx" ON "NotificationPublicNotice"("villageId", "publishedAt");

-- CreateIndex
CREATE INDEX "NotificationPublicNotice_caseId_idx" ON "NotificationPublicNotice"("caseId");

