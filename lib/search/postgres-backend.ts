import type { Db } from "../db/client";
import {
  countKeys,
  decodeCandidates,
  decodeDocuments,
  decodeIncidentFacets,
  incidentNumbers,
  jsonItemPattern,
  limitKeys,
  type CandidateOptions,
  type IncidentFilterSql,
  type SearchBackend,
} from "./backend-types";
import { INCIDENT_SHIFT, KIND_MASK, KIND_SHIFT } from "./layout";
import { toTsQuery, type SearchQuery } from "./query";

/**
 * PostgreSQL full text: a generated, weighted tsvector (title A, body B) with a GIN index, queried
 * with to_tsquery('simple', …) built from the same terms as SQLite's MATCH. ts_rank weighs the title
 * four times the body and divides by document length (normalisation 1), close to bm25's intent.
 */

const KEYS_SQL = `
SELECT (SELECT COALESCE(json_agg(k ORDER BY k DESC), '[]')::text FROM (
          SELECT rowid >> ${KIND_SHIFT} AS k FROM search_index WHERE tsv @@ to_tsquery('simple', $1) ORDER BY rowid DESC LIMIT $2) m) AS keys,
       (SELECT "formatVersion" FROM "SearchIndexState" WHERE "id" = 1) AS format`;

const FACETS_SQL = `
SELECT COALESCE(json_agg(json_build_array(si."no", si."status", si."severity", si."services", si."tags", si."at")), '[]')::text AS incidents
FROM "SearchIncident" si WHERE si."no" IN (SELECT json_array_elements_text($1::json)::int)`;

const DOCUMENTS_SQL = `
SELECT COALESCE(json_agg(json_build_array(d."id", d."type", d."handle", d."detail", d."title", d."body", d."at",
                                          si."no", si."slug", si."title", si."status", si."severity")), '[]')::text AS documents
FROM "SearchDocument" d JOIN "SearchIncident" si ON si."incidentId" = d."incidentId"
WHERE d."id" IN (SELECT json_array_elements_text($1::json)::bigint)`;

export const postgresSearchBackend: SearchBackend = {
  async countMatches(db: Db, query: SearchQuery, limit: number) {
    const [row] = await db.$queryRawUnsafe<Array<{ keys: string; format: number | bigint | null }>>(KEYS_SQL, toTsQuery(query), limit + 1);
    const { keys, capped } = limitKeys(row.keys, limit);
    const counts = countKeys(keys);
    const numbers = incidentNumbers(counts);
    const incidents = numbers.length ? (await db.$queryRawUnsafe<Array<{ incidents: string }>>(FACETS_SQL, JSON.stringify(numbers)))[0].incidents : "[]";
    return { counts, incidents: decodeIncidentFacets(incidents), capped, indexFormat: row.format === null ? null : Number(row.format) };
  },

  async incidentsMatching(db: Db, filters: IncidentFilterSql) {
    const conditions: string[] = [];
    const params: string[] = [];
    const add = (condition: (placeholder: string) => string, value: string) => {
      params.push(value);
      conditions.push(condition(`$${params.length}`));
    };
    if (filters.status) add((p) => `"status" = ${p}`, filters.status);
    if (filters.severity) add((p) => `"severity" = ${p}`, filters.severity);
    if (filters.service) add((p) => `"services" LIKE ${p} ESCAPE '\\'`, jsonItemPattern(filters.service));
    if (filters.tag) add((p) => `"tags" LIKE ${p} ESCAPE '\\'`, jsonItemPattern(filters.tag));
    if (filters.from) add((p) => `"at"::date >= ${p}::date`, filters.from);
    if (filters.to) add((p) => `"at"::date <= ${p}::date`, filters.to);
    const sql = `SELECT COALESCE(json_agg("no"), '[]')::text AS nos FROM "SearchIncident" WHERE ${conditions.join(" AND ") || "TRUE"}`;
    const [row] = await db.$queryRawUnsafe<Array<{ nos: string }>>(sql, ...params);
    return JSON.parse(row.nos) as number[];
  },

  async candidates(db: Db, query: SearchQuery, options: CandidateOptions) {
    // ts_rank scores a query with "!" as 0: rank by the wanted words only.
    const params: unknown[] = [toTsQuery(query), toTsQuery({ required: query.required, excluded: [] })];
    const filters: string[] = [];
    if (options.kindCodes) {
      params.push(JSON.stringify(options.kindCodes));
      filters.push(`AND ((s.rowid >> ${KIND_SHIFT}) & ${KIND_MASK}) IN (SELECT json_array_elements_text($${params.length}::json)::bigint)`);
    }
    if (options.incidentNos) {
      params.push(JSON.stringify(options.incidentNos));
      filters.push(`AND (s.rowid >> ${INCIDENT_SHIFT}) IN (SELECT json_array_elements_text($${params.length}::json)::bigint)`);
    }
    params.push(options.window);
    const sql = `
SELECT COALESCE(json_agg(json_build_array(id, score)), '[]')::text AS candidates FROM (
  SELECT s.rowid AS id, ts_rank('{0.1, 0.2, 0.25, 1.0}', s.tsv, to_tsquery('simple', $2), 1) AS score
  FROM search_index s WHERE s.tsv @@ to_tsquery('simple', $1) ${filters.join(" ")}
  ORDER BY s.rowid DESC LIMIT $${params.length}) c`;
    const [row] = await db.$queryRawUnsafe<Array<{ candidates: string }>>(sql, ...params);
    return decodeCandidates(row.candidates);
  },

  async documents(db: Db, ids: number[]) {
    if (ids.length === 0) return [];
    const [row] = await db.$queryRawUnsafe<Array<{ documents: string }>>(DOCUMENTS_SQL, JSON.stringify(ids));
    return decodeDocuments(row.documents);
  },
};
