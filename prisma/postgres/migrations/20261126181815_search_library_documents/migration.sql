-- AlterTable
ALTER TABLE "SearchDocument" ALTER COLUMN "incidentId" DROP NOT NULL;

-- Search format 2 adds checklist items (and runbook steps, synced from content files at start-up) as
-- library documents without an incident. An index of format 1 is complete for format 2 when there
-- are no checklist items; otherwise the state stays at 1 and the index is rebuilt before first use.
UPDATE "SearchIndexState" SET "formatVersion" = 2 WHERE "id" = 1 AND "formatVersion" = 1 AND NOT EXISTS (SELECT 1 FROM "ChecklistItem");
