-- CreateTable
CREATE TABLE "NotificationPublicNotice" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "townId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationPublicNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "NotificationPublicNotice_eventId_key" ON "NotificationPublicNotice"("eventId");

-- CreateIndex
CREATE INDEX "NotificationPublicNotice_villageId_publishedAt_idx" ON "NotificationPublicNotice"("villageId", "publishedAt");

-- CreateIndex
CREATE INDEX "NotificationPublicNotice_caseId_idx" ON "NotificationPublicNotice"("caseId");

