-- CreateTable
CREATE TABLE "SearchIncident" (
    "no" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "incidentId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "services" TEXT NOT NULL DEFAULT '[]',
    "tags" TEXT NOT NULL DEFAULT '[]',
    "at" DATETIME NOT NULL,
    CONSTRAINT "SearchIncident_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SearchDocument" (
    "id" BIGINT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "at" DATETIME,
    CONSTRAINT "SearchDocument_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SearchIndexState" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "formatVersion" INTEGER NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "SearchIncident_incidentId_key" ON "SearchIncident"("incidentId");

-- CreateIndex
CREATE INDEX "SearchDocument_incidentId_idx" ON "SearchDocument"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "SearchDocument_type_entityId_incidentId_key" ON "SearchDocument"("type", "entityId", "incidentId");

-- Hand-made (declared in lib/db/migrations/external-tables.ts so later diffs leave it alone): the
-- full-text index over SearchDocument, rowid = SearchDocument.id. Contentless: the app writes
-- segmented, normalised tokens (lib/search/tokens.ts); display text stays in SearchDocument.
CREATE VIRTUAL TABLE "search_index" USING fts5(title, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');

-- An empty database's index is complete. A database that already has incidents gets no state row
-- and is rebuilt before its first search (or by `casebook search reindex`).
INSERT INTO "SearchIndexState" ("id", "formatVersion") SELECT 1, 1 WHERE NOT EXISTS (SELECT 1 FROM "Incident");
