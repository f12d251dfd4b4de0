-- CreateTable
CREATE TABLE "SearchIncident" (
    "no" SERIAL NOT NULL,
    "incidentId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "services" TEXT NOT NULL DEFAULT '[]',
    "tags" TEXT NOT NULL DEFAULT '[]',
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SearchIncident_pkey" PRIMARY KEY ("no")
);

-- CreateTable
CREATE TABLE "SearchDocument" (
    "id" BIGINT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "detail" TEXT NOT NULL DEFAULT '',
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMP(3),

    CONSTRAINT "SearchDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SearchIndexState" (
    "id" INTEGER NOT NULL,
    "formatVersion" INTEGER NOT NULL,

    CONSTRAINT "SearchIndexState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SearchIncident_incidentId_key" ON "SearchIncident"("incidentId");

-- CreateIndex
CREATE INDEX "SearchDocument_incidentId_idx" ON "SearchDocument"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "SearchDocument_type_entityId_incidentId_key" ON "SearchDocument"("type", "entityId", "incidentId");

-- AddForeignKey
ALTER TABLE "SearchIncident" ADD CONSTRAINT "SearchIncident_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SearchDocument" ADD CONSTRAINT "SearchDocument_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-made (declared in lib/db/migrations/external-tables.ts so later diffs leave it alone): the
-- full-text index over SearchDocument. The app writes segmented, normalised tokens
-- (lib/search/tokens.ts) into title/body; the weighted tsvector is generated from them.
CREATE TABLE "search_index" (
    "rowid" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "tsv" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, "title"), 'A') || setweight(to_tsvector('simple'::regconfig, "body"), 'B')) STORED,

    CONSTRAINT "search_index_pkey" PRIMARY KEY ("rowid"),
    CONSTRAINT "search_index_rowid_fkey" FOREIGN KEY ("rowid") REFERENCES "SearchDocument"("id") ON DELETE CASCADE
);
CREATE INDEX "search_index_tsv_idx" ON "search_index" USING GIN ("tsv");

-- An empty database's index is complete. A database that already has incidents gets no state row
-- and is rebuilt before its first search (or by `casebook search reindex`).
INSERT INTO "SearchIndexState" ("id", "formatVersion") SELECT 1, 1 WHERE NOT EXISTS (SELECT 1 FROM "Incident");
