import type { Db } from "../db/client";
import { parseInput } from "../validation/parse";
import { searchBackendFor, type RankedHit } from "./backend";
import { tallyMatches, type Facets, type FacetValue, type SearchFilters } from "./facets";
import { highlightPhrases, parseSearchQuery, type Phrase } from "./query";
import { SEARCH_FORMAT_VERSION } from "./index-writer";
import { ensureSearchIndex } from "./rebuild";
import { highlightText, snippet } from "./snippet";
import { searchParamsSchema } from "./params";
import { sourceOfCode, sourceOfKind } from "./sources";

/**
 * Ranked matches grouped by incident. Ranking (bm25 / ts_rank) costs time per matching document,
 * so when a common word matches more than RANK_WINDOW documents only the newest RANK_WINDOW are
 * ranked — the response says so (`rankedWindow`) — while totals and facets stay exact.
 */
export const RANK_WINDOW = 1_000;
const HITS_PER_INCIDENT = 3;

export interface SearchHit {
  /** The kind: incident, entry, lesson… */
  type: string;
  /** Its handle: incident slug, entry key, lesson slug. */
  id: string;
  title: string;
  /** HTML: escaped text with the matches in <mark>. */
  titleHtml: string;
  snippet: string;
  url: string;
  /** Sub-kind, e.g. the entry kind. */
  detail: string;
  at: string | null;
  score: number;
  incident: { slug: string; title: string; status: string; severity: string; hits: number };
}

export interface SearchResponse {
  query: string;
  /** Matching documents after filters. */
  total: number;
  totalIncidents: number;
  offset: number;
  limit: number;
  /** Set when more documents matched than were ranked: results are the best of the newest this many. */
  rankedWindow: number | null;
  facets: Omit<Facets, "kind"> & { kind: Array<FacetValue & { label: string }> };
  /** Grouped by incident (incidents by best hit, then their hits by score), up to 3 hits per incident. */
  results: SearchHit[];
}

function toHit(hit: RankedHit, phrases: Phrase[], hitsByIncident: Map<number, number>): SearchHit {
  const source = sourceOfKind(hit.kind);
  return {
    type: hit.kind,
    id: hit.handle,
    title: hit.title,
    titleHtml: highlightText(hit.title, phrases),
    snippet: hit.body ? snippet(hit.body, phrases) : "",
    url: source?.url(hit.incident.slug, hit.handle) ?? `/incidents/${encodeURIComponent(hit.incident.slug)}`,
    detail: hit.detail,
    at: hit.at,
    score: Math.round(hit.score * 1e6) / 1e6,
    incident: { slug: hit.incident.slug, title: hit.incident.title, status: hit.incident.status, severity: hit.incident.severity, hits: hitsByIncident.get(hit.incident.no) ?? 0 },
  };
}

/** GET /api/v1/search, `casebook search` and the search page: validates, searches, shapes. */
export async function searchKnowledgeBase(db: Db, input: unknown): Promise<SearchResponse> {
  const { q, offset, limit, ...filterParams } = parseInput(searchParamsSchema, input, "search");
  const query = parseSearchQuery(q);
  const filters: SearchFilters = filterParams;
  const backend = searchBackendFor(db);
  let matches = await backend.countMatches(db, query);
  if (matches.indexFormat !== SEARCH_FORMAT_VERSION) {
    // Never built, or built by older code: rebuild once, then answer from the fresh index.
    await ensureSearchIndex(db);
    matches = await backend.countMatches(db, query);
  }
  const tally = tallyMatches(matches, filters, (code) => sourceOfCode(code)?.kind);
  const kindCode = filters.kind ? sourceOfKind(filters.kind)!.code : null;
  const ranked =
    tally.total === 0
      ? []
      : await backend.rankedPage(db, query, {
          kindCodes: kindCode === null ? null : [kindCode],
          incidentNos: tally.allowedIncidentNos,
          offset,
          limit,
          hitsPerIncident: HITS_PER_INCIDENT,
          window: RANK_WINDOW,
        });
  const phrases = highlightPhrases(query);
  return {
    query: q.trim(),
    total: tally.total,
    totalIncidents: tally.totalIncidents,
    offset,
    limit,
    rankedWindow: tally.total > RANK_WINDOW ? RANK_WINDOW : null,
    facets: { ...tally.facets, kind: tally.facets.kind.map((value) => ({ ...value, label: sourceOfKind(value.value)?.label ?? value.value })) },
    results: ranked.map((hit) => toHit(hit, phrases, tally.hitsByIncident)),
  };
}
