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
import { toFts5Match, type SearchQuery } from "./query";

/**
 * SQLite FTS5. Ranking is bm25 with the title counting four times the body. Incident and kind come
 * from the rowid's bits (layout.ts), so counting never joins the document table.
 */

const KEYS_SQL = `
SELECT (SELECT json_group_array(k) FROM (
          SELECT rowid >> ${KIND_SHIFT} AS k FROM search_index WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT ?)) AS keys,
       (SELECT "formatVersion" FROM "SearchIndexState" WHERE "id" = 1) AS format`;

const json = (column: string) => `iif(json_valid(${column}), json(${column}), json('[]'))`;
const FACETS_SQL = `
SELECT json_group_array(json_array(si."no", si."status", si."severity", ${json('si."services"')}, ${json('si."tags"')}, si."at")) AS incidents
FROM "SearchIncident" si WHERE si."no" IN (SELECT value FROM json_each(?))`;

const DOCUMENTS_SQL = `
SELECT json_group_array(json_array(d."id", d."type", d."handle", d."detail", d."title", d."body", d."at",
                                   si."no", si."slug", si."title", si."status", si."severity")) AS documents
FROM "SearchDocument" d JOIN "SearchIncident" si ON si."incidentId" = d."incidentId"
WHERE d."id" IN (SELECT value FROM json_each(?))`;

export const sqliteSearchBackend: SearchBackend = {
  async countMatches(db: Db, query: SearchQuery, limit: number) {
    const [row] = await db.$queryRawUnsafe<Array<{ keys: string; format: number | bigint | null }>>(KEYS_SQL, toFts5Match(query), limit + 1);
    const { keys, capped } = limitKeys(row.keys, limit);
    const counts = countKeys(keys);
    const numbers = incidentNumbers(counts);
    const incidents = numbers.length ? (await db.$queryRawUnsafe<Array<{ incidents: string }>>(FACETS_SQL, JSON.stringify(numbers)))[0].incidents : "[]";
    return { counts, incidents: decodeIncidentFacets(incidents), capped, indexFormat: row.format === null ? null : Number(row.format) };
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
    const [row] = await db.$queryRawUnsafe<Array<{ nos: string }>>(sql, ...params);
    return JSON.parse(row.nos) as number[];
  },

  async candidates(db: Db, query: SearchQuery, options: CandidateOptions) {
    const filters = [
      options.kindCodes ? `AND ((rowid >> ${KIND_SHIFT}) & ${KIND_MASK}) IN (SELECT value FROM json_each(?))` : "",
      options.incidentNos ? `AND (rowid >> ${INCIDENT_SHIFT}) IN (SELECT value FROM json_each(?))` : "",
    ].join(" ");
    const sql = `
SELECT json_group_array(json_array(id, score)) AS candidates FROM (
  SELECT rowid AS id, -bm25(search_index, 4.0, 1.0) AS score
  FROM search_index WHERE search_index MATCH ? ${filters}
  ORDER BY rowid DESC LIMIT ?)`;
    const params: unknown[] = [toFts5Match(query)];
    if (options.kindCodes) params.push(JSON.stringify(options.kindCodes));
    if (options.incidentNos) params.push(JSON.stringify(options.incidentNos));
    const [row] = await db.$queryRawUnsafe<Array<{ candidates: string }>>(sql, ...params, options.window);
    return decodeCandidates(row.candidates);
  },

  async documents(db: Db, ids: number[]) {
    if (ids.length === 0) return [];
    const [row] = await db.$queryRawUnsafe<Array<{ documents: string }>>(DOCUMENTS_SQL, JSON.stringify(ids));
    return decodeDocuments(row.documents);
  },
};
