-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "coHandlerIds" TEXT NOT NULL DEFAULT '[]';


-- Backfill: cases already claimed with co-handling departments keep them readable by those departments.
UPDATE "Case"
SET "coHandlerIds" = COALESCE(("view"::jsonb -> 'handler' -> 'coHandlingDepartmentIds')::text, '[]')
WHERE "handlerLevel" = 'district';
