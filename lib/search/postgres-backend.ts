import type { Db } from "../db/client";
import {
  decodeCandidates,
  decodeDocuments,
  decodeFirstPass,
  incidentNumbersOf,
  jsonItemPattern,
  type CandidateOptions,
  type FirstPassOptions,
  type FirstPassRow,
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

/**
 * Scored matches, newest first: $1 matches, $2 ranks (ts_rank scores a query with "!" as 0, so it
 * ranks by the wanted words only); filters and the window follow from `$next`.
 */
function candidatesSql(options: { kindCodes: number[] | null; incidentNos: number[] | null }, next: number): string {
  const filters = [
    options.kindCodes ? `AND ((s.rowid >> ${KIND_SHIFT}) & ${KIND_MASK}) IN (SELECT json_array_elements_text($${next++}::json)::bigint)` : "",
    options.incidentNos ? `AND (s.rowid >> ${INCIDENT_SHIFT}) IN (SELECT json_array_elements_text($${next++}::json)::bigint)` : "",
  ].join(" ");
  // ts_rank in the outer query: in the select list of the scan it would be computed for every match
  // before the sort and LIMIT (ten times the work for a word matching 2,000 documents).
  return `SELECT COALESCE(json_agg(json_build_array(c.id, ts_rank('{0.1, 0.2, 0.25, 1.0}', c.tsv, to_tsquery('simple', $2), 1))), '[]')::text FROM (
    SELECT s.rowid AS id, s.tsv FROM search_index s WHERE s.tsv @@ to_tsquery('simple', $1) ${filters} ORDER BY s.rowid DESC LIMIT $${next}) c`;
}

const FACETS_SQL = `
SELECT COALESCE(json_agg(json_build_array(si."no", si."status", si."severity", si."services", si."tags", si."at")), '[]')::text AS incidents
FROM "SearchIncident" si WHERE si."no" IN (SELECT json_array_elements_text($1::json)::int)`;

const DOCUMENTS_SQL = `
SELECT COALESCE(json_agg(json_build_array(d."id", d."type", d."handle", d."detail", d."title", d."body", d."at",
                                          si."no", si."slug", si."title", si."status", si."severity")), '[]')::text AS documents
FROM "SearchDocument" d LEFT JOIN "SearchIncident" si ON si."incidentId" = d."incidentId"
WHERE d."id" IN (SELECT json_array_elements_text($1::json)::bigint)`;

const rankQuery = (query: SearchQuery) => toTsQuery({ required: query.required, excluded: [] });

export const postgresSearchBackend: SearchBackend = {
  async firstPass(db: Db, query: SearchQuery, options: FirstPassOptions) {
    // The usual case — all kinds, a window within the counted matches: the candidates are the newest
    // of the counted matches, so one index scan (materialised) serves both. A GIN scan cannot return
    // rows newest first, so each scan fetches and sorts every match; doing it once halves the work.
    const sql = !options.kindCodes && options.window <= options.countLimit + 1 ? `
WITH m AS MATERIALIZED (SELECT rowid FROM search_index WHERE tsv @@ to_tsquery('simple', $1) ORDER BY rowid DESC LIMIT $3)
SELECT (SELECT COALESCE(json_agg(rowid >> ${KIND_SHIFT} ORDER BY rowid DESC), '[]')::text FROM m) AS keys,
       (SELECT COALESCE(json_agg(json_build_array(c.rowid, ts_rank('{0.1, 0.2, 0.25, 1.0}', s.tsv, to_tsquery('simple', $2), 1))), '[]')::text
          FROM (SELECT rowid FROM m ORDER BY rowid DESC LIMIT $4) c JOIN search_index s ON s.rowid = c.rowid) AS candidates,
       (SELECT "formatVersion" FROM "SearchIndexState" WHERE "id" = 1) AS format` : `
SELECT (SELECT COALESCE(json_agg(k ORDER BY k DESC), '[]')::text FROM (
          SELECT rowid >> ${KIND_SHIFT} AS k FROM search_index WHERE tsv @@ to_tsquery('simple', $1) ORDER BY rowid DESC LIMIT $3) m) AS keys,
       (${candidatesSql({ kindCodes: options.kindCodes, incidentNos: null }, 4)}) AS candidates,
       (SELECT "formatVersion" FROM "SearchIndexState" WHERE "id" = 1) AS format`;
    const params: unknown[] = [toTsQuery(query), rankQuery(query), options.countLimit + 1];
    if (options.kindCodes) params.push(JSON.stringify(options.kindCodes));
    params.push(options.window);
    const [row] = await db.$queryRawUnsafe<FirstPassRow[]>(sql, ...params);
    const keys = JSON.parse(row.keys) as number[];
    const numbers = incidentNumbersOf(keys);
    const incidents = numbers.length ? (await db.$queryRawUnsafe<Array<{ incidents: string }>>(FACETS_SQL, JSON.stringify(numbers)))[0].incidents : "[]";
    return decodeFirstPass({ ...row, keys, incidents }, options.countLimit);
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
    const params: unknown[] = [toTsQuery(query), rankQuery(query)];
    if (options.kindCodes) params.push(JSON.stringify(options.kindCodes));
    if (options.incidentNos) params.push(JSON.stringify(options.incidentNos));
    params.push(options.window);
    const [row] = await db.$queryRawUnsafe<Array<{ candidates: string }>>(`SELECT (${candidatesSql(options, 3)}) AS candidates`, ...params);
    return decodeCandidates(row.candidates);
  },

  async documents(db: Db, ids: number[]) {
    if (ids.length === 0) return [];
    const [row] = await db.$queryRawUnsafe<Array<{ documents: string }>>(DOCUMENTS_SQL, JSON.stringify(ids));
    return decodeDocuments(row.documents);
  },
};
