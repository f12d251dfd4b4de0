import type { Db } from "../db/client";
import { KIND_MASK } from "./layout";
import type { SearchQuery } from "./query";

/**
 * The search interface with one implementation per database (SQLite FTS5, PostgreSQL full text).
 * Both answer with the same shapes; everything above this layer — facets, grouping, snippets — is
 * shared code, so the two databases give the same results contract.
 */

/** The facet attributes of an incident with hits. */
export interface IncidentFacets {
  no: number;
  status: string;
  severity: string;
  services: string[];
  tags: string[];
  /** ISO date-time (UTC): detection, else start, else creation. */
  at: string;
}

export interface MatchCounts {
  /** [incident no, kind code, number of hits] for every matching document, before filters. */
  counts: Array<[number, number, number]>;
  incidents: IncidentFacets[];
  /** SearchIndexState.formatVersion, read with the matches (null: never built). */
  indexFormat: number | null;
}

export interface RankOptions {
  /** Only these kinds (codes); null = all. */
  kindCodes: number[] | null;
  /** Only these incidents (numbers); null = all. */
  incidentNos: number[] | null;
  /** Incident groups to skip and to return. */
  offset: number;
  limit: number;
  hitsPerIncident: number;
  /** At most this many matches (the newest) are ranked — see service.ts. */
  window: number;
}

export interface RankedHit {
  id: number;
  score: number;
  groupRank: number;
  hitRank: number;
  kind: string;
  handle: string;
  detail: string;
  title: string;
  body: string;
  at: string | null;
  incident: { no: number; slug: string; title: string; status: string; severity: string };
}

export interface SearchBackend {
  countMatches(db: Db, query: SearchQuery): Promise<MatchCounts>;
  rankedPage(db: Db, query: SearchQuery, options: RankOptions): Promise<RankedHit[]>;
}

/** SQLite stores "…+00:00", PostgreSQL's TIMESTAMP(3) comes without a zone: both are UTC. */
export function utcIso(value: string | null): string | null {
  if (value === null) return null;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
  const date = new Date(hasZone ? value : `${value.replace(" ", "T")}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

type FacetRow = [number, string, string, string, string, string];
type HitRow = [number, number, number, number, string, string, string, string, string, string | null, number, string, string, string, string];

function parseList(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * Both backends return every match's `rowid >> KIND_SHIFT` (incident no and kind code) as one JSON
 * array: counting those here is several times faster than GROUP BY, which sorts all matches, and one
 * JSON value travels far faster than thousands of rows.
 */
export function countKeys(keysJson: string): Array<[number, number, number]> {
  const counts = new Map<number, number>();
  for (const key of JSON.parse(keysJson) as number[]) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].map(([key, n]) => [Math.floor(key / (KIND_MASK + 1)), key & KIND_MASK, n]);
}

/** The distinct incident numbers among counted matches (for fetching their facets). */
export function incidentNumbers(counts: Array<[number, number, number]>): number[] {
  return [...new Set(counts.map(([no]) => no))];
}

export function decodeIncidentFacets(incidentsJson: string): IncidentFacets[] {
  return (JSON.parse(incidentsJson) as FacetRow[]).map(([no, status, severity, services, tags, at]) => ({
    no: Number(no),
    status,
    severity,
    services: parseList(services),
    tags: parseList(tags),
    at: utcIso(at) ?? new Date(0).toISOString(),
  }));
}

export function decodeRankedHits(rowsJson: string): RankedHit[] {
  return (JSON.parse(rowsJson) as HitRow[])
    .map(([id, score, groupRank, hitRank, kind, handle, detail, title, body, at, no, slug, incidentTitle, status, severity]) => ({
      id: Number(id),
      score: Number(score),
      groupRank: Number(groupRank),
      hitRank: Number(hitRank),
      kind,
      handle,
      detail,
      title,
      body,
      at: utcIso(at),
      incident: { no: Number(no), slug, title: incidentTitle, status, severity },
    }))
    .sort((a, b) => a.groupRank - b.groupRank || a.hitRank - b.hitRank);
}
