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
import { toFts5Match, type SearchQuery } from "./query";
import { readRow } from "./sqlite-reader";

/**
 * SQLite FTS5. Ranking is bm25 with the title counting four times the body. Incident and kind come
 * from the rowid's bits (layout.ts), so counting never joins the document table. Every statement
 * runs on the search's own read-only connection (sqlite-reader.ts), not through Prisma.
 */

const KIND_OF = `((rowid >> ${KIND_SHIFT}) & ${KIND_MASK})`;
const INCIDENT_OF = `(rowid >> ${INCIDENT_SHIFT})`;
const json = (column: string) => `iif(json_valid(${column}), json(${column}), json('[]'))`;

/**
 * Scored matches, newest first, and its parameters in order (plain "?": better-sqlite3 binds a list
 * only to anonymous parameters).
 */
function candidatesSql(match: string, options: CandidateOptions): { sql: string; params: unknown[] } {
  const params: unknown[] = [match];
  let filters = "";
  if (options.kindCodes) {
    filters += ` AND ${KIND_OF} IN (SELECT value FROM json_each(?))`;
    params.push(JSON.stringify(options.kindCodes));
  }
  if (options.incidentNos) {
    filters += ` AND ${INCIDENT_OF} IN (SELECT value FROM json_each(?))`;
    params.push(JSON.stringify(options.incidentNos));
  }
  params.push(options.window);
  const sql = `SELECT json_group_array(json_array(id, score)) FROM (
    SELECT rowid AS id, -bm25(search_index, 4.0, 1.0) AS score
    FROM search_index WHERE search_index MATCH ?${filters} ORDER BY rowid DESC LIMIT ?)`;
  return { sql, params };
}

const FACETS_SQL = `
SELECT json_group_array(json_array(si."no", si."status", si."severity", ${json('si."services"')}, ${json('si."tags"')}, si."at")) AS incidents
FROM "SearchIncident" si WHERE si."no" IN (SELECT value FROM json_each(?))`;

const DOCUMENTS_SQL = `
SELECT json_group_array(json_array(d."id", d."type", d."handle", d."detail", d."title", d."body", d."at",
                                   si."no", si."slug", si."title", si."status", si."severity")) AS documents
FROM "SearchDocument" d LEFT JOIN "SearchIncident" si ON si."incidentId" = d."incidentId"
WHERE d."id" IN (SELECT value FROM json_each(?))`;

export const sqliteSearchBackend: SearchBackend = {
  async firstPass(db: Db, query: SearchQuery, options: FirstPassOptions) {
    const match = toFts5Match(query);
    const candidates = candidatesSql(match, { kindCodes: options.kindCodes, incidentNos: null, window: options.window });
    const sql = `
SELECT (SELECT json_group_array(k) FROM (
          SELECT rowid >> ${KIND_SHIFT} AS k FROM search_index WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT ?)) AS keys,
       (${candidates.sql}) AS candidates,
       (SELECT "formatVersion" FROM "SearchIndexState" WHERE "id" = 1) AS format`;
    const row = await readRow<FirstPassRow>(db, sql, match, options.countLimit + 1, ...candidates.params);
    // Facets in a second statement: fetching them by the incident numbers found costs less than
    // letting SQL extract distinct numbers from up to COUNT_LIMIT matches.
    const keys = JSON.parse(row.keys) as number[];
    const numbers = incidentNumbersOf(keys);
    const incidents = numbers.length ? (await readRow<{ incidents: string }>(db, FACETS_SQL, JSON.stringify(numbers))).incidents : "[]";
    return decodeFirstPass({ ...row, keys, incidents }, options.countLimit);
  },

  async incidentsMatching(db: Db, filters: IncidentFilterSql) {
    const conditions: string[] = [];
    const params: string[] = [];
    const add = (condition: string, value: string) => {
      conditions.push(condition);
      params.push(value);
    };
    if (filters.status) add(`"status" = ?`, filters.status);
    if (filters.severity) add(`"severity" = ?`, filters.severity);
    if (filters.service) add(`"services" LIKE ? ESCAPE '\\'`, jsonItemPattern(filters.service));
    if (filters.tag) add(`"tags" LIKE ? ESCAPE '\\'`, jsonItemPattern(filters.tag));
    if (filters.from) add(`substr("at", 1, 10) >= ?`, filters.from);
    if (filters.to) add(`substr("at", 1, 10) <= ?`, filters.to);
    const sql = `SELECT json_group_array("no") AS nos FROM "SearchIncident" WHERE ${conditions.join(" AND ") || "1 = 1"}`;
    const row = await readRow<{ nos: string }>(db, sql, ...params);
    return JSON.parse(row.nos) as number[];
  },

  async candidates(db: Db, query: SearchQuery, options: CandidateOptions) {
    const { sql, params } = candidatesSql(toFts5Match(query), options);
    const row = await readRow<{ candidates: string }>(db, `SELECT (${sql}) AS candidates`, ...params);
    return decodeCandidates(row.candidates);
  },

  async documents(db: Db, ids: number[]) {
    if (ids.length === 0) return [];
    const row = await readRow<{ documents: string }>(db, DOCUMENTS_SQL, JSON.stringify(ids));
    return decodeDocuments(row.documents);
  },
};
