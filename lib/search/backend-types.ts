import type { Db } from "../db/client";
import { KIND_MASK } from "./layout";
import type { SearchQuery } from "./query";

/**
 * The search interface with one implementation per database (SQLite FTS5, PostgreSQL full text).
 * Both answer with the same shapes; everything above this layer — facets, grouping, snippets — is
 * shared code, so the two databases give the same results contract. Results travel as one JSON
 * value per query: far cheaper than thousands of rows through the driver.
 */

/** The facet attributes of an incident with hits. */
export interface IncidentFacets {
  no: number;
  status: string;
  severity: string;
  services: string[];
  tags: string[];
  /** ISO date-time in UTC (only its date part is compared): detection, else start, else creation. */
  at: string;
}

export interface MatchCounts {
  /** [incident no, kind code, number of hits] for the counted matches, before filters. */
  counts: Array<[number, number, number]>;
  incidents: IncidentFacets[];
  /** True when more documents matched than were counted: the newest `limit` were. */
  capped: boolean;
  /** SearchIndexState.formatVersion, read with the matches (null: never built). */
  indexFormat: number | null;
}

export interface IncidentFilterSql {
  status?: string;
  severity?: string;
  service?: string;
  tag?: string;
  from?: string;
  to?: string;
}

export interface CandidateOptions {
  /** Only these kinds (codes); null = all. */
  kindCodes: number[] | null;
  /** Only these incidents (numbers); null = all. */
  incidentNos: number[] | null;
  /** At most this many matches (the newest) are scored. */
  window: number;
}

/** A matching document and its score (higher is better). */
export type Candidate = [id: number, score: number];

export interface StoredDocument {
  id: number;
  kind: string;
  handle: string;
  detail: string;
  title: string;
  body: string;
  at: string | null;
  /** Null for library documents (checklist items, runbook steps). */
  incident: { no: number; slug: string; title: string; status: string; severity: string } | null;
}

export interface FirstPassOptions {
  /** Count at most this many matches (the newest). */
  countLimit: number;
  /** Score at most this many matches (the newest). */
  window: number;
  kindCodes: number[] | null;
}

/** Counts (for totals and facets) and scored candidates, from one statement. */
export interface FirstPass extends MatchCounts {
  /** Scored matches of the wanted kinds, any incident. */
  candidates: Candidate[];
}

export interface SearchBackend {
  /**
   * One round trip for the usual search: the newest `countLimit` matches counted per incident and
   * kind with those incidents' facets, plus the newest `window` matches scored.
   */
  firstPass(db: Db, query: SearchQuery, options: FirstPassOptions): Promise<FirstPass>;
  /** Numbers of all incidents passing incident-level filters. */
  incidentsMatching(db: Db, filters: IncidentFilterSql): Promise<number[]>;
  /** The newest `window` matches with their relevance scores (when filters narrow the incidents). */
  candidates(db: Db, query: SearchQuery, options: CandidateOptions): Promise<Candidate[]>;
  /** Display data of documents by id (any order). */
  documents(db: Db, ids: number[]): Promise<StoredDocument[]>;
}

/** SQLite stores "…+00:00", PostgreSQL's TIMESTAMP(3) comes without a zone: both are UTC. */
export function utcIso(value: string | null): string | null {
  if (value === null) return null;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
  const date = new Date(hasZone ? value : `${value.replace(" ", "T")}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * Every counted match's `rowid >> KIND_SHIFT` (incident no and kind code) arrives as one JSON array;
 * counting in JavaScript is several times faster than GROUP BY, which sorts all matches.
 */
export function countKeys(keys: number[]): Array<[number, number, number]> {
  // Keys arrive newest first, so equal keys stand together: the map is touched once per run of them
  // (keys exceed 2^31, and hashing such numbers made this the costliest step of decoding).
  const counts = new Map<number, number>();
  for (let i = 0; i < keys.length; ) {
    const key = keys[i];
    let end = i + 1;
    while (end < keys.length && keys[end] === key) end++;
    counts.set(key, (counts.get(key) ?? 0) + end - i);
    i = end;
  }
  return [...counts].map(([key, n]) => [Math.floor(key / (KIND_MASK + 1)), key & KIND_MASK, n]);
}

/**
 * The newest `limit` of up to `limit + 1` keys (newest first), and whether there were more. Asking
 * for one more than the limit tells "exactly limit" from "more than limit" without counting them all.
 */
export function limitKeys(keys: number[], limit: number): { keys: number[]; capped: boolean } {
  return keys.length > limit ? { keys: keys.slice(0, limit), capped: true } : { keys, capped: false };
}

/** LIKE pattern for a JSON list column: the item as its exact JSON string, never part of a longer one. */
export function jsonItemPattern(value: string): string {
  return `%${JSON.stringify(value).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Distinct incident numbers of match keys (`rowid >> KIND_SHIFT`), for fetching their facets. */
export function incidentNumbersOf(keys: number[]): number[] {
  const numbers = new Set<number>();
  let previous = -1;
  for (const key of keys) {
    const no = Math.floor(key / (KIND_MASK + 1));
    if (no !== previous) numbers.add(no);
    previous = no;
  }
  return [...numbers];
}

type FacetRow = [number, string, string, string[] | string, string[] | string, string];

/** Facet rows (services/tags as JSON arrays or JSON text); dates are UTC text in both databases. */
export function decodeIncidentFacets(incidentsJson: string): IncidentFacets[] {
  const list = (value: string[] | string) => (Array.isArray(value) ? value : (JSON.parse(value) as string[]));
  return (JSON.parse(incidentsJson) as FacetRow[]).map(([no, status, severity, services, tags, at]) => ({
    no: Number(no),
    status,
    severity,
    services: list(services),
    tags: list(tags),
    at: at.replace(" ", "T"),
  }));
}

/** The first statement's row: JSON text of match keys and candidates, and the index format. */
export interface FirstPassRow {
  keys: string;
  candidates: string;
  format: number | bigint | null;
}

/** The first pass's JSON values: keys of the counted matches, facets of their incidents, candidates. */
export function decodeFirstPass(
  row: { keys: number[]; incidents: string; candidates: string; format: number | bigint | null },
  countLimit: number,
): FirstPass {
  const { keys, capped } = limitKeys(row.keys, countLimit);
  return {
    counts: countKeys(keys),
    incidents: decodeIncidentFacets(row.incidents),
    capped,
    indexFormat: row.format === null ? null : Number(row.format),
    candidates: decodeCandidates(row.candidates),
  };
}

export function decodeCandidates(json: string): Candidate[] {
  const candidates = JSON.parse(json) as Array<[number | string, number | string]>;
  // Both databases send numbers; a driver that sends big integers as text gets them converted.
  for (const candidate of candidates) {
    if (typeof candidate[0] !== "number" || typeof candidate[1] !== "number") {
      candidate[0] = Number(candidate[0]);
      candidate[1] = Number(candidate[1]);
    }
  }
  return candidates as Candidate[];
}

type DocumentRow = [number, string, string, string, string, string, string | null, number | null, string, string, string, string];

export function decodeDocuments(json: string): StoredDocument[] {
  return (JSON.parse(json) as DocumentRow[]).map(([id, kind, handle, detail, title, body, at, no, slug, incidentTitle, status, severity]) => ({
    id: Number(id),
    kind,
    handle,
    detail,
    title,
    body,
    at: utcIso(at),
    incident: no === null ? null : { no: Number(no), slug, title: incidentTitle, status, severity },
  }));
}
