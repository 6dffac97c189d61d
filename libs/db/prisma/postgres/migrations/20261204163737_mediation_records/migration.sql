-- CreateTable
CREATE TABLE "ReportingMediationFact" (
    "mediationId" TEXT NOT NULL,
    "townId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "caseId" TEXT,
    "meetingId" TEXT,
    "method" TEXT NOT NULL,
    "mediatorKind" TEXT NOT NULL,
    "mediatedOn" TEXT NOT NULL,
    "mediatedAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "agreementHeld" BOOLEAN,

    CONSTRAINT "ReportingMediationFact_pkey" PRIMARY KEY ("mediationId")
);

-- CreateTable
CREATE TABLE "Mediation" (
    "id" TEXT NOT NULL,
    "caseId" TEXT,
    "meetingId" TEXT,
    "townId" TEXT NOT NULL,
    "villageId" TEXT NOT NULL,
    "courtyardId" TEXT,
    "placeDescription" TEXT,
    "subject" TEXT NOT NULL,
    "parties" TEXT NOT NULL,
    "mediatorKind" TEXT NOT NULL,
    "mediatorName" TEXT NOT NULL,
    "mediatorPersonId" TEXT,
    "mediatedOn" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "agreement" TEXT,
    "followUpOn" TEXT,
    "followUpCheckedOn" TEXT,
    "followUpHeld" BOOLEAN,
    "followUpNote" TEXT,
    "followUpBy" TEXT,
    "followUpRecordedAt" TIMESTAMP(3),
    "recordedById" TEXT NOT NULL,
    "recordedByRole" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Mediation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReportingMediationFact_mediatedAt_idx" ON "ReportingMediationFact"("mediatedAt");

-- CreateIndex
CREATE INDEX "Mediation_villageId_mediatedOn_idx" ON "Mediation"("villageId", "mediatedOn");

-- CreateIndex
CREATE INDEX "Mediation_townId_mediatedOn_idx" ON "Mediation"("townId", "mediatedOn");

-- CreateIndex
CREATE INDEX "Mediation_caseId_idx" ON "Mediation"("caseId");

