import type { Db } from "../db/client";
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

type CountRow = [number, number, number];
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

/** Both backends aggregate into JSON text in SQL: one value per query instead of thousands of rows. */
export function decodeMatchCounts(countsJson: string, incidentsJson: string): MatchCounts {
  const counts = (JSON.parse(countsJson) as CountRow[]).map(([no, kind, n]) => [Number(no), Number(kind), Number(n)] as [number, number, number]);
  const incidents = (JSON.parse(incidentsJson) as FacetRow[]).map(([no, status, severity, services, tags, at]) => ({
    no: Number(no),
    status,
    severity,
    services: parseList(services),
    tags: parseList(tags),
    at: utcIso(at) ?? new Date(0).toISOString(),
  }));
  return { counts, incidents };
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
