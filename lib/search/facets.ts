import type { IncidentFacets, MatchCounts } from "./backend-types";
import { LIBRARY_NO } from "./layout";

/**
 * Filters and facet counts, computed from the per-incident, per-kind hit counts. Facets are
 * "disjunctive": each facet counts the hits that pass every *other* filter, so choosing status
 * "resolved" still shows how many hits the other statuses have. Counts are hits (documents).
 * Library documents (checklist items, runbook steps) have no incident: they count for the kind facet
 * and fail every incident-level filter.
 */

export interface SearchFilters {
  kind?: string;
  status?: string;
  severity?: string;
  service?: string;
  tag?: string;
  /** Inclusive ISO dates (YYYY-MM-DD), compared with the incident's date in UTC. */
  from?: string;
  to?: string;
}

/** The filters decided per incident (see incidentChecks); `kind` is decided per document. */
export const INCIDENT_FILTERS = ["status", "severity", "service", "tag", "from", "to"] as const satisfies ReadonlyArray<keyof SearchFilters>;

export const FACET_NAMES = ["kind", "status", "severity", "service", "tag", "year"] as const;
export type FacetName = (typeof FACET_NAMES)[number];

export interface FacetValue {
  value: string;
  count: number;
}

export type Facets = Record<FacetName, FacetValue[]>;

export interface Tally {
  total: number;
  totalIncidents: number;
  /** Result groups: one per incident with hits, one per library hit (they belong to no incident). */
  totalGroups: number;
  /** Hits per incident number after all filters. */
  hitsByIncident: Map<number, number>;
  /** Incidents passing the incident-level filters; null when there are none. */
  allowedIncidentNos: number[] | null;
  facets: Facets;
}

type Check = "kind" | "status" | "severity" | "service" | "tag" | "date";
const FACET_FILTER: Record<FacetName, Check> = { kind: "kind", status: "status", severity: "severity", service: "service", tag: "tag", year: "date" };
const MAX_FACET_VALUES = 30;
/** What a library document has instead of an incident: nothing any incident filter accepts. */
const LIBRARY: IncidentFacets = { no: LIBRARY_NO, status: "", severity: "", services: [], tags: [], at: "" };

/**
 * Where an incident is admitted or not — the one place for incident-level conditions in JavaScript.
 * A new one (e.g. leaving out incidents the reader may not see) goes here, into IncidentFilterSql and
 * both backends' incidentsMatching (the same condition in SQL, used when only the newest matches were
 * counted), and into INCIDENT_FILTERS so that ranking is restricted to the admitted incidents too.
 */
function incidentChecks(incident: IncidentFacets, filters: SearchFilters): Check[] {
  const failed: Check[] = [];
  if (filters.status && incident.status !== filters.status) failed.push("status");
  if (filters.severity && incident.severity !== filters.severity) failed.push("severity");
  if (filters.service && !incident.services.includes(filters.service)) failed.push("service");
  if (filters.tag && !incident.tags.includes(filters.tag)) failed.push("tag");
  const day = incident.at.slice(0, 10);
  if ((filters.from && day < filters.from) || (filters.to && day > filters.to)) failed.push("date");
  return failed;
}

function facetValues(facet: FacetName, incident: IncidentFacets, kind: string): string[] {
  if (incident === LIBRARY) return facet === "kind" ? [kind] : [];
  switch (facet) {
    case "kind":
      return [kind];
    case "status":
      return [incident.status];
    case "severity":
      return [incident.severity];
    case "service":
      return incident.services;
    case "tag":
      return incident.tags;
    case "year":
      return [incident.at.slice(0, 4)];
  }
}

/** `kindOfCode` maps a kind code to its name; codes of kinds not registered here are skipped. */
export function tallyMatches(matches: MatchCounts, filters: SearchFilters, kindOfCode: (code: number) => string | undefined): Tally {
  const incidents = new Map(matches.incidents.map((incident) => [incident.no, incident]));
  const sums = Object.fromEntries(FACET_NAMES.map((facet) => [facet, new Map<string, number>()])) as Record<FacetName, Map<string, number>>;
  const hitsByIncident = new Map<number, number>();
  const allowed = new Set<number>();
  let total = 0;
  for (const [no, code, hits] of matches.counts) {
    const incident = no === LIBRARY_NO ? LIBRARY : incidents.get(no);
    const kind = kindOfCode(code);
    // Rows of deleted incidents linger only until their FTS rows are gone; unknown kinds cannot be shown.
    if (!incident || !kind) continue;
    const failed = incidentChecks(incident, filters);
    if (failed.length === 0) allowed.add(no);
    if (filters.kind && kind !== filters.kind) failed.push("kind");
    if (failed.length === 0) {
      total += hits;
      hitsByIncident.set(no, (hitsByIncident.get(no) ?? 0) + hits);
    }
    for (const facet of FACET_NAMES) {
      if (failed.length > 1 || (failed.length === 1 && failed[0] !== FACET_FILTER[facet])) continue;
      for (const value of facetValues(facet, incident, kind)) sums[facet].set(value, (sums[facet].get(value) ?? 0) + hits);
    }
  }
  const facets = Object.fromEntries(
    FACET_NAMES.map((facet) => [
      facet,
      [...sums[facet]]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => (facet === "year" ? b.value.localeCompare(a.value) : b.count - a.count || a.value.localeCompare(b.value)))
        .slice(0, MAX_FACET_VALUES),
    ]),
  ) as Facets;
  const incidentFiltered = INCIDENT_FILTERS.some((name) => filters[name] !== undefined);
  const libraryHits = hitsByIncident.get(LIBRARY_NO) ?? 0;
  const totalIncidents = hitsByIncident.size - (libraryHits ? 1 : 0);
  return { total, totalIncidents, totalGroups: totalIncidents + libraryHits, hitsByIncident, allowedIncidentNos: incidentFiltered ? [...allowed] : null, facets };
}
