import type { FirstPass } from "./backend-types";
import { INCIDENT_SHIFT } from "./layout";

/**
 * Drops restricted incidents the viewer may not see (lib/auth/visibility.ts gives their numbers) from
 * a first pass, before totals, facets and ranking: hidden incidents leave no trace in a response.
 */
export function withoutHiddenIncidents(matches: FirstPass, hidden: ReadonlySet<number>): FirstPass {
  if (hidden.size === 0) return matches;
  return {
    ...matches,
    counts: matches.counts.filter(([no]) => !hidden.has(no)),
    incidents: matches.incidents.filter((incident) => !hidden.has(incident.no)),
    candidates: matches.candidates.filter(([id]) => !hidden.has(Math.floor(id / 2 ** INCIDENT_SHIFT))),
  };
}
