-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SearchDocument" (
    "id" BIGINT NOT NULL PRIMARY KEY,
    "incidentId" TEXT,
    "type" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "at" DATETIME,
    CONSTRAINT "SearchDocument_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SearchDocument" ("at", "body", "detail", "entityId", "handle", "id", "incidentId", "title", "type") SELECT "at", "body", "detail", "entityId", "handle", "id", "incidentId", "title", "type" FROM "SearchDocument";
DROP TABLE "SearchDocument";
ALTER TABLE "new_SearchDocument" RENAME TO "SearchDocument";
CREATE INDEX "SearchDocument_incidentId_idx" ON "SearchDocument"("incidentId");
CREATE UNIQUE INDEX "SearchDocument_type_entityId_incidentId_key" ON "SearchDocument"("type", "entityId", "incidentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Search format 2 adds checklist items (and runbook steps, synced from content files at start-up) as
-- library documents without an incident. An index of format 1 is complete for format 2 when there
-- are no checklist items; otherwise the state stays at 1 and the index is rebuilt before first use.
UPDATE "SearchIndexState" SET "formatVersion" = 2 WHERE "id" = 1 AND "formatVersion" = 1 AND NOT EXISTS (SELECT 1 FROM "ChecklistItem");
