-- CreateTable
CREATE TABLE "ReconciliationRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "month" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "casesChecked" INTEGER NOT NULL,
    "requiredSignOffs" TEXT NOT NULL,
    "comparedAt" DATETIME NOT NULL,
    "signedOffAt" DATETIME
);

-- CreateTable
CREATE TABLE "ReconciliationMismatch" (
    "runId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ledger" TEXT,
    "workflow" TEXT,
    "departmentId" TEXT,
    "townId" TEXT,
    "personId" TEXT,

    PRIMARY KEY ("runId", "caseId", "kind")
);

-- CreateTable
CREATE TABLE "ReconciliationSignOff" (
    "runId" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "signerId" TEXT NOT NULL,
    "signerRole" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "note" TEXT,

    PRIMARY KEY ("runId", "slot")
);

-- CreateTable
CREATE TABLE "ReconciliationSnapshot" (
    "month" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "storedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ReconciliationRun_month_idx" ON "ReconciliationRun"("month");

-- CreateIndex
CREATE INDEX "ReconciliationMismatch_runId_idx" ON "ReconciliationMismatch"("runId");


-- A stored month is evidence: its snapshot row is never changed or removed.
CREATE TRIGGER "ReconciliationSnapshot_no_update" BEFORE UPDATE ON "ReconciliationSnapshot"
BEGIN
    SELECT RAISE(ABORT, 'ReconciliationSnapshot rows are immutable');
END;

CREATE TRIGGER "ReconciliationSnapshot_no_delete" BEFORE DELETE ON "ReconciliationSnapshot"
BEGIN
    SELECT RAISE(ABORT, 'ReconciliationSnapshot rows are immutable');
END;
