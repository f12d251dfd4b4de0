import type { Db } from "../db/client";
import { parseInput } from "../validation/parse";
import { searchBackendFor } from "./backend";
import type { StoredDocument } from "./backend-types";
import { groupByIncident } from "./grouping";
import { tallyMatches, type Facets, type FacetValue } from "./facets";
import { highlightPhrases, parseSearchQuery, type Phrase } from "./query";
import { SEARCH_FORMAT_VERSION } from "./index-writer";
import { ensureSearchIndex, syncRunbookStepsOnce } from "./rebuild";
import { highlightText, snippet } from "./snippet";
import { searchParamsSchema } from "./params";
import { sourceOfCode, sourceOfKind } from "./sources";
import { withoutHiddenIncidents } from "./visibility";

/**
 * Ranked matches grouped by incident. Scoring (bm25 / ts_rank) costs time per matching document, so
 * only the newest RANK_WINDOW matches are scored; likewise at most COUNT_LIMIT matches (the newest)
 * are counted for totals and facets. A common word can match a third of the knowledge base; the
 * response then says so (`rankedWindow`, `totalIsApproximate`) instead of making everyone wait.
 * Measured on 100,000 entries (bench/search.ts): counting the newest 5,000 instead of 2,000 and
 * scoring 500 instead of 200 doubled the SQL time of an ordinary query, for facet counts that only
 * ever say "2,000+" either way and a ranking among the newest matches either way.
 */
export const RANK_WINDOW = 200;
export const COUNT_LIMIT = 2_000;
const HITS_PER_INCIDENT = 3;

export interface SearchHit {
  /** The kind: incident, entry, lesson, checklist-item, runbook-step. */
  type: string;
  /** Its handle: incident slug, entry key, lesson slug, checklist item code, runbook step id. */
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
  /** The incident it belongs to; null for checklist items and runbook steps. */
  incident: { slug: string; title: string; status: string; severity: string; hits: number } | null;
}

export interface SearchResponse {
  query: string;
  /** Matching documents after filters. */
  total: number;
  totalIncidents: number;
  /** Result groups for paging (`offset`/`limit` count groups): incidents with hits plus library hits, each a group. */
  totalGroups: number;
  /** True when more than COUNT_LIMIT documents matched: totals and facets count the newest COUNT_LIMIT. */
  totalIsApproximate: boolean;
  offset: number;
  limit: number;
  /** Set when more documents matched than were ranked: results are the best of the newest this many. */
  rankedWindow: number | null;
  facets: Omit<Facets, "kind"> & { kind: Array<FacetValue & { label: string }> };
  /**
   * Grouped by incident (incidents by best hit, then their hits by score), up to 3 hits per incident;
   * a library hit (checklist item, runbook step) is a group of its own.
   */
  results: SearchHit[];
}

function toHit(document: StoredDocument, score: number, phrases: Phrase[], hitsByIncident: Map<number, number>): SearchHit {
  const source = sourceOfKind(document.kind);
  const { incident } = document;
  return {
    type: document.kind,
    id: document.handle,
    title: document.title,
    titleHtml: highlightText(document.title, phrases),
    snippet: document.body ? snippet(document.body, phrases) : "",
    url: source?.url(incident?.slug ?? null, document.handle) ?? (incident ? `/incidents/${encodeURIComponent(incident.slug)}` : "/search"),
    detail: document.detail,
    at: document.at,
    score: Math.round(score * 1e6) / 1e6,
    incident: incident && { slug: incident.slug, title: incident.title, status: incident.status, severity: incident.severity, hits: hitsByIncident.get(incident.no) ?? 0 },
  };
}

/** Overrides of COUNT_LIMIT and RANK_WINDOW (tests exercise the "more matches than counted" path with them). */
export interface SearchLimits {
  countLimit?: number;
  rankWindow?: number;
  /** Search-index numbers of incidents hidden from the viewer (lib/auth hiddenIncidentNumbers). */
  hiddenIncidents?: ReadonlySet<number>;
}

/** GET /api/v1/search, `casebook search` and the search page: validates, searches, shapes. */
export async function searchKnowledgeBase(db: Db, input: unknown, limits: SearchLimits = {}): Promise<SearchResponse> {
  const { countLimit = COUNT_LIMIT, rankWindow = RANK_WINDOW, hiddenIncidents = new Set<number>() } = limits;
  const { q, offset, limit, ...filters } = parseInput(searchParamsSchema, input, "search");
  const query = parseSearchQuery(q);
  const backend = searchBackendFor(db);
  const kindCodes = filters.kind ? [sourceOfKind(filters.kind)!.code] : null;
  const firstPass = async () => withoutHiddenIncidents(await backend.firstPass(db, query, { countLimit, window: rankWindow, kindCodes }), hiddenIncidents);
  await syncRunbookStepsOnce(db);
  let matches = await firstPass();
  if (matches.indexFormat !== SEARCH_FORMAT_VERSION) {
    // Never built, or built by older code: rebuild once, then answer from the fresh index.
    await ensureSearchIndex(db);
    matches = await firstPass();
  }
  const tally = tallyMatches(matches, filters, (code) => sourceOfCode(code)?.kind);
  let candidates = matches.candidates;
  if (tally.allowedIncidentNos) {
    // Incident filters: score only their matches. When only the newest matches were counted,
    // matching incidents may lie beyond them, so the filter then asks the index for all of them.
    const incidentNos = (matches.capped ? await backend.incidentsMatching(db, filters) : tally.allowedIncidentNos).filter((no) => !hiddenIncidents.has(no));
    candidates = incidentNos.length ? await backend.candidates(db, query, { kindCodes, incidentNos, window: rankWindow }) : [];
  }
  const page = groupByIncident(candidates, HITS_PER_INCIDENT).slice(offset, offset + limit);
  const documents = new Map((await backend.documents(db, page.flatMap((group) => group.hits.map(([id]) => id)))).map((document) => [document.id, document]));
  const phrases = highlightPhrases(query);
  return {
    query: q.trim(),
    total: tally.total,
    totalIncidents: tally.totalIncidents,
    totalGroups: tally.totalGroups,
    totalIsApproximate: matches.capped,
    offset,
    limit,
    rankedWindow: matches.capped || tally.total > rankWindow ? rankWindow : null,
    facets: { ...tally.facets, kind: tally.facets.kind.map((value) => ({ ...value, label: sourceOfKind(value.value)?.label ?? value.value })) },
    results: page.flatMap((group) =>
      group.hits.flatMap(([id, score]) => {
        const document = documents.get(id);
        return document ? [toHit(document, score, phrases, tally.hitsByIncident)] : [];
      }),
    ),
  };
}
