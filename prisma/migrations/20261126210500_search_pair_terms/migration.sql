-- Search format 3 also indexes runs of single-character Chinese/Japanese words as pair terms
-- (lib/search/index-text.ts), and looks such phrases up by them. An index without documents is
-- complete for format 3; any other stays at its older format and is rebuilt before first use.
UPDATE "SearchIndexState" SET "formatVersion" = 3 WHERE "id" = 1 AND "formatVersion" = 2 AND NOT EXISTS (SELECT 1 FROM "SearchDocument");
