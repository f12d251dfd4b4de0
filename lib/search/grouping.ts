import type { Candidate } from "./backend-types";
import { incidentNoOf, LIBRARY_NO } from "./layout";

export interface HitGroup {
  /** LIBRARY_NO for a library document, which is a group of its own. */
  incidentNo: number;
  best: number;
  /** The incident's best hits, best first. */
  hits: Candidate[];
}

/**
 * Scored matches → incidents ordered by their best hit (newer first on ties), each with its top hits.
 * Library documents (checklist items, runbook steps) belong to no incident: each is its own group.
 */
export function groupByIncident(candidates: Candidate[], hitsPerIncident: number): HitGroup[] {
  const groups = new Map<number, Candidate[]>();
  for (const candidate of candidates) {
    const no = incidentNoOf(candidate[0]);
    const key = no === LIBRARY_NO ? -candidate[0] : no;
    const group = groups.get(key);
    if (group) group.push(candidate);
    else groups.set(key, [candidate]);
  }
  return [...groups]
    .map(([key, hits]) => {
      hits.sort((a, b) => b[1] - a[1] || b[0] - a[0]);
      return { incidentNo: key < 0 ? LIBRARY_NO : key, best: hits[0][1], hits: hits.slice(0, hitsPerIncident) };
    })
    .sort((a, b) => b.best - a.best || b.hits[0][0] - a.hits[0][0]);
}
