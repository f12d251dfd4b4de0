import type { Candidate } from "./backend-types";
import { incidentNoOf } from "./layout";

export interface HitGroup {
  incidentNo: number;
  best: number;
  /** The incident's best hits, best first. */
  hits: Candidate[];
}

/** Scored matches → incidents ordered by their best hit (newer first on ties), each with its top hits. */
export function groupByIncident(candidates: Candidate[], hitsPerIncident: number): HitGroup[] {
  const groups = new Map<number, Candidate[]>();
  for (const candidate of candidates) {
    const no = incidentNoOf(candidate[0]);
    const group = groups.get(no);
    if (group) group.push(candidate);
    else groups.set(no, [candidate]);
  }
  return [...groups]
    .map(([incidentNo, hits]) => {
      hits.sort((a, b) => b[1] - a[1] || b[0] - a[0]);
      return { incidentNo, best: hits[0][1], hits: hits.slice(0, hitsPerIncident) };
    })
    .sort((a, b) => b.best - a.best || b.incidentNo - a.incidentNo);
}
