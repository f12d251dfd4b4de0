import type { Db } from "../db/client";
import { countKeys, decodeIncidentFacets, decodeRankedHits, incidentNumbers, type RankOptions, type SearchBackend } from "./backend-types";
import { INCIDENT_SHIFT, KIND_MASK, KIND_SHIFT } from "./layout";
import { toFts5Match, type SearchQuery } from "./query";

/**
 * SQLite FTS5. Ranking is bm25 with the title counting four times the body. Incident and kind come
 * from the rowid's bits (layout.ts), so counting never joins the document table.
 */

const INCIDENT_OF = `(rowid >> ${INCIDENT_SHIFT})`;
const KIND_OF = `((rowid >> ${KIND_SHIFT}) & ${KIND_MASK})`;

const KEYS_SQL = `
SELECT json_group_array(rowid >> ${KIND_SHIFT}) AS keys,
       (SELECT "formatVersion" FROM "SearchIndexState" WHERE "id" = 1) AS format
FROM search_index WHERE search_index MATCH ?`;

const FACETS_SQL = `
SELECT json_group_array(json_array(si."no", si."status", si."severity", si."services", si."tags", si."at")) AS incidents
FROM "SearchIncident" si WHERE si."no" IN (SELECT value FROM json_each(?))`;

function rankSql(options: RankOptions): string {
  const filters = [
    options.kindCodes ? `AND ${KIND_OF} IN (SELECT value FROM json_each(?))` : "",
    options.incidentNos ? `AND ${INCIDENT_OF} IN (SELECT value FROM json_each(?))` : "",
  ].join(" ");
  return `
WITH candidates AS (
  SELECT rowid AS id, -bm25(search_index, 4.0, 1.0) AS score
  FROM search_index WHERE search_index MATCH ? ${filters}
  ORDER BY rowid DESC LIMIT ?
), grouped AS (
  SELECT id, score, id >> ${INCIDENT_SHIFT} AS incident_no,
         row_number() OVER (PARTITION BY id >> ${INCIDENT_SHIFT} ORDER BY score DESC, id DESC) AS hit_rank,
         max(score) OVER (PARTITION BY id >> ${INCIDENT_SHIFT}) AS best
  FROM candidates
), ordered AS (
  SELECT *, dense_rank() OVER (ORDER BY best DESC, incident_no DESC) AS group_rank FROM grouped WHERE hit_rank <= ?
)
SELECT json_group_array(json_array(o.id, o.score, o.group_rank, o.hit_rank, d."type", d."handle", d."detail", d."title", d."body", d."at",
                                   si."no", si."slug", si."title", si."status", si."severity")) AS rows
FROM ordered o JOIN "SearchDocument" d ON d."id" = o.id JOIN "SearchIncident" si ON si."no" = o.incident_no
WHERE o.group_rank > ? AND o.group_rank <= ?`;
}

export const sqliteSearchBackend: SearchBackend = {
  async countMatches(db: Db, query: SearchQuery) {
    const [row] = await db.$queryRawUnsafe<Array<{ keys: string; format: number | bigint | null }>>(KEYS_SQL, toFts5Match(query));
    const counts = countKeys(row.keys);
    const numbers = incidentNumbers(counts);
    const incidents = numbers.length ? (await db.$queryRawUnsafe<Array<{ incidents: string }>>(FACETS_SQL, JSON.stringify(numbers)))[0].incidents : "[]";
    return { counts, incidents: decodeIncidentFacets(incidents), indexFormat: row.format === null ? null : Number(row.format) };
  },

  async rankedPage(db: Db, query: SearchQuery, options: RankOptions) {
    const params: unknown[] = [toFts5Match(query)];
    if (options.kindCodes) params.push(JSON.stringify(options.kindCodes));
    if (options.incidentNos) params.push(JSON.stringify(options.incidentNos));
    params.push(options.window, options.hitsPerIncident, options.offset, options.offset + options.limit);
    const [row] = await db.$queryRawUnsafe<Array<{ rows: string }>>(rankSql(options), ...params);
    return decodeRankedHits(row.rows);
  },
};
