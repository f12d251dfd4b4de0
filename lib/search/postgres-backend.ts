import type { Db } from "../db/client";
import { countKeys, decodeIncidentFacets, decodeRankedHits, incidentNumbers, type RankOptions, type SearchBackend } from "./backend-types";
import { INCIDENT_SHIFT, KIND_MASK, KIND_SHIFT } from "./layout";
import { toTsQuery, type SearchQuery } from "./query";

/**
 * PostgreSQL full text: a generated, weighted tsvector (title A, body B) with a GIN index, queried
 * with to_tsquery('simple', …) built from the same terms as SQLite's MATCH. ts_rank weighs the title
 * four times the body and divides by document length (normalisation 1), close to bm25's intent.
 */

const INCIDENT_OF = (column: string) => `(${column} >> ${INCIDENT_SHIFT})`;
const KIND_OF = (column: string) => `((${column} >> ${KIND_SHIFT}) & ${KIND_MASK})`;

const KEYS_SQL = `
SELECT COALESCE(json_agg(rowid >> ${KIND_SHIFT}), '[]')::text AS keys,
       (SELECT "formatVersion" FROM "SearchIndexState" WHERE "id" = 1) AS format
FROM search_index WHERE tsv @@ to_tsquery('simple', $1)`;

const FACETS_SQL = `
SELECT COALESCE(json_agg(json_build_array(si."no", si."status", si."severity", si."services", si."tags", si."at")), '[]')::text AS incidents
FROM "SearchIncident" si WHERE si."no" IN (SELECT json_array_elements_text($1::json)::int)`;

function rankSql(options: RankOptions): string {
  let next = 3;
  const filters = [
    options.kindCodes ? `AND ${KIND_OF("s.rowid")} IN (SELECT json_array_elements_text($${next++}::json)::bigint)` : "",
    options.incidentNos ? `AND ${INCIDENT_OF("s.rowid")} IN (SELECT json_array_elements_text($${next++}::json)::bigint)` : "",
  ].join(" ");
  const [window, hits, from, to] = [next, next + 1, next + 2, next + 3];
  return `
WITH q AS (SELECT to_tsquery('simple', $1) AS query, to_tsquery('simple', $2) AS rank_query),
candidates AS (
  SELECT s.rowid AS id, ts_rank('{0.1, 0.2, 0.25, 1.0}', s.tsv, q.rank_query, 1) AS score
  FROM search_index s, q WHERE s.tsv @@ q.query ${filters}
  ORDER BY s.rowid DESC LIMIT $${window}
), grouped AS (
  SELECT id, score, id >> ${INCIDENT_SHIFT} AS incident_no,
         row_number() OVER (PARTITION BY id >> ${INCIDENT_SHIFT} ORDER BY score DESC, id DESC) AS hit_rank,
         max(score) OVER (PARTITION BY id >> ${INCIDENT_SHIFT}) AS best
  FROM candidates
), ordered AS (
  SELECT *, dense_rank() OVER (ORDER BY best DESC, incident_no DESC) AS group_rank FROM grouped WHERE hit_rank <= $${hits}
)
SELECT COALESCE(json_agg(json_build_array(o.id, o.score, o.group_rank, o.hit_rank, d."type", d."handle", d."detail", d."title", d."body", d."at",
                                          si."no", si."slug", si."title", si."status", si."severity")), '[]')::text AS rows
FROM ordered o JOIN "SearchDocument" d ON d."id" = o.id JOIN "SearchIncident" si ON si."no" = o.incident_no
WHERE o.group_rank > $${from} AND o.group_rank <= $${to}`;
}

export const postgresSearchBackend: SearchBackend = {
  async countMatches(db: Db, query: SearchQuery) {
    const [row] = await db.$queryRawUnsafe<Array<{ keys: string; format: number | bigint | null }>>(KEYS_SQL, toTsQuery(query));
    const counts = countKeys(row.keys);
    const numbers = incidentNumbers(counts);
    const incidents = numbers.length ? (await db.$queryRawUnsafe<Array<{ incidents: string }>>(FACETS_SQL, JSON.stringify(numbers)))[0].incidents : "[]";
    return { counts, incidents: decodeIncidentFacets(incidents), indexFormat: row.format === null ? null : Number(row.format) };
  },

  async rankedPage(db: Db, query: SearchQuery, options: RankOptions) {
    // ts_rank scores a query with "!" as 0: rank by the wanted words only.
    const params: unknown[] = [toTsQuery(query), toTsQuery({ required: query.required, excluded: [] })];
    if (options.kindCodes) params.push(JSON.stringify(options.kindCodes));
    if (options.incidentNos) params.push(JSON.stringify(options.incidentNos));
    params.push(options.window, options.hitsPerIncident, options.offset, options.offset + options.limit);
    const [row] = await db.$queryRawUnsafe<Array<{ rows: string }>>(rankSql(options), ...params);
    return decodeRankedHits(row.rows);
  },
};
