-- A phrase must not run from the end of a title into the start of its body (FTS5 keeps columns
-- apart; `title || body` tsvectors did not): a sentinel word ends the title's positions and is
-- removed again, leaving a one-position gap. Hand-made table: see lib/db/migrations/external-tables.ts.
DROP INDEX "search_index_tsv_idx";
ALTER TABLE "search_index" DROP COLUMN "tsv";
ALTER TABLE "search_index" ADD COLUMN "tsv" tsvector GENERATED ALWAYS AS (
    ts_delete(setweight(to_tsvector('simple'::regconfig, "title" || ' casebooktitleend'), 'A') || setweight(to_tsvector('simple'::regconfig, "body"), 'B'), 'casebooktitleend')
) STORED;
CREATE INDEX "search_index_tsv_idx" ON "search_index" USING GIN ("tsv");
