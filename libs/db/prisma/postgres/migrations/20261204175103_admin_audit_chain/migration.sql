-- CreateTable
CREATE TABLE "AdminAuditEntry" (
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,

    CONSTRAINT "AdminAuditEntry_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "AdminAuditHead" (
    "id" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,

    CONSTRAINT "AdminAuditHead_pkey" PRIMARY KEY ("id")
);


-- The admin audit chain is append-only, like the case timeline (see 20261204160054_audit_key_id;
-- the function body's one semicolon is written as octal 073 for the pg driver adapter).
CREATE FUNCTION "AdminAuditEntry_refuse_change"() RETURNS trigger LANGUAGE plpgsql
    AS E'BEGIN RAISE EXCEPTION ''AdminAuditEntry rows are append-only''\073 END';

CREATE TRIGGER "AdminAuditEntry_append_only" BEFORE UPDATE OR DELETE ON "AdminAuditEntry"
    FOR EACH ROW EXECUTE FUNCTION "AdminAuditEntry_refuse_change"();

CREATE TRIGGER "AdminAuditEntry_no_truncate" BEFORE TRUNCATE ON "AdminAuditEntry"
    FOR EACH STATEMENT EXECUTE FUNCTION "AdminAuditEntry_refuse_change"();
