-- CreateTable
CREATE TABLE "CasePolicyVersion" (
    "version" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "name" TEXT,
    "reason" TEXT,
    "basedOn" TEXT,
    "effectiveAt" DATETIME,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "publishedBy" TEXT,
    "publishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "CasePolicyWhatIf" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "version" TEXT NOT NULL,
    "draftBody" TEXT NOT NULL,
    "monthsBack" INTEGER NOT NULL,
    "windowFrom" DATETIME NOT NULL,
    "windowUntil" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "casesTotal" INTEGER,
    "casesDone" INTEGER NOT NULL DEFAULT 0,
    "cursor" TEXT,
    "report" TEXT NOT NULL,
    "error" TEXT,
    "startedBy" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "CasePolicyVersion_status_effectiveAt_idx" ON "CasePolicyVersion"("status", "effectiveAt");

-- CreateIndex
CREATE INDEX "CasePolicyWhatIf_version_startedAt_idx" ON "CasePolicyWhatIf"("version", "startedAt");


-- A published version never changes: cases pinned it by name.
CREATE TRIGGER "CasePolicyVersion_published_no_update" BEFORE UPDATE ON "CasePolicyVersion"
WHEN OLD."status" = 'published'
BEGIN
    SELECT RAISE(ABORT, 'a published CasePolicyVersion never changes');
END;

CREATE TRIGGER "CasePolicyVersion_published_no_delete" BEFORE DELETE ON "CasePolicyVersion"
WHEN OLD."status" = 'published'
BEGIN
    SELECT RAISE(ABORT, 'a published CasePolicyVersion never changes');
END;
