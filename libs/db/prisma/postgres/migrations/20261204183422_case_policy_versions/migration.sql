-- CreateTable
CREATE TABLE "CasePolicyVersion" (
    "version" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "name" TEXT,
    "reason" TEXT,
    "basedOn" TEXT,
    "effectiveAt" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "publishedBy" TEXT,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "CasePolicyVersion_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "CasePolicyWhatIf" (
    "id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "draftBody" TEXT NOT NULL,
    "monthsBack" INTEGER NOT NULL,
    "windowFrom" TIMESTAMP(3) NOT NULL,
    "windowUntil" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "casesTotal" INTEGER,
    "casesDone" INTEGER NOT NULL DEFAULT 0,
    "cursor" TEXT,
    "report" TEXT NOT NULL,
    "error" TEXT,
    "startedBy" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "CasePolicyWhatIf_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CasePolicyVersion_status_effectiveAt_idx" ON "CasePolicyVersion"("status", "effectiveAt");

-- CreateIndex
CREATE INDEX "CasePolicyWhatIf_version_startedAt_idx" ON "CasePolicyWhatIf"("version", "startedAt");


-- A published version never changes: cases pinned it by name (the function body's one semicolon is
-- written as octal 073 for the pg driver adapter, as in 20261204175103_admin_audit_chain).
CREATE FUNCTION "CasePolicyVersion_refuse_change"() RETURNS trigger LANGUAGE plpgsql
    AS E'BEGIN RAISE EXCEPTION ''a published CasePolicyVersion never changes''\073 END';

CREATE TRIGGER "CasePolicyVersion_published_immutable" BEFORE UPDATE OR DELETE ON "CasePolicyVersion"
    FOR EACH ROW WHEN (OLD."status" = 'published') EXECUTE FUNCTION "CasePolicyVersion_refuse_change"();
