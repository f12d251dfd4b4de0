/**
 * Recurrence: incidents that happened after a lesson was first learnt and look like the ones that
 * taught it — sharing the lesson's tags, or the same mechanism (shared events, symptoms, release
 * line… as the runbook generator compares incidents). An empty list is the good news a team wants:
 * nothing like it has happened since. A non-empty one says the checklist did not (yet) prevent it.
 */
import type { Db } from "../db/client";
import type { Facts } from "../domain/incident";
import { normalizeFacts } from "../runbooks/facts";
import { compareProfiles, MIN_SIMILARITY, similarityProfile } from "../runbooks/similarity";
import { incidentRef, type IncidentRef, type LibraryLesson } from "./library";

export interface RecurringIncident extends IncidentRef {
  /** Why it counts, for people: "same tags: backport", "same mechanism: shared events: slot-migration". */
  reasons: string[];
}

export interface Recurrence {
  /** When the lesson was first learnt (its oldest incident), or null when no incident taught it. */
  since: string | null;
  incidents: RecurringIncident[];
}

const parseJson = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

interface IncidentFacts {
  ref: IncidentRef;
  tags: string[];
  facts: Facts;
}

export function findRecurrences(lesson: Pick<LibraryLesson, "tags" | "incidents">, all: IncidentFacts[]): Recurrence {
  if (lesson.incidents.length === 0) return { since: null, incidents: [] };
  const since = lesson.incidents.map((incident) => incident.at).sort()[0];
  const sourceSlugs = new Set(lesson.incidents.map((incident) => incident.slug));
  const profileOf = (incident: IncidentFacts) => similarityProfile(normalizeFacts(incident.facts).facts, incident.tags);
  const sources = all.filter((incident) => sourceSlugs.has(incident.ref.slug)).map(profileOf);
  const lessonTags = new Set(lesson.tags);

  const incidents: RecurringIncident[] = [];
  for (const candidate of all) {
    if (sourceSlugs.has(candidate.ref.slug) || candidate.ref.at <= since) continue;
    const reasons: string[] = [];
    const sharedTags = candidate.tags.filter((tag) => lessonTags.has(tag));
    if (sharedTags.length) reasons.push(`same tags: ${sharedTags.join(", ")}`);
    const profile = profileOf(candidate);
    const best = sources
      .map((source) => compareProfiles(source, profile))
      .filter((comparison) => comparison !== null && comparison.specific && comparison.score >= MIN_SIMILARITY)
      .sort((a, b) => b!.score - a!.score)[0];
    if (best) reasons.push(`same mechanism: ${best.matched.join("; ")}`);
    if (reasons.length) incidents.push({ ...candidate.ref, reasons });
  }
  incidents.sort((a, b) => a.at.localeCompare(b.at) || a.slug.localeCompare(b.slug));
  return { since, incidents };
}

/**
 * Recurrences of one lesson, from one query over the tags, facts and times of every incident the
 * reader may see (`visibility`: lib/auth incidentVisibilityWhere).
 */
export async function lessonRecurrence(db: Db, lesson: Pick<LibraryLesson, "tags" | "incidents">, visibility: object): Promise<Recurrence> {
  if (lesson.incidents.length === 0) return { since: null, incidents: [] };
  const rows = await db.incident.findMany({ where: visibility, select: { slug: true, title: true, tags: true, facts: true, startedAt: true, detectedAt: true, createdAt: true } });
  const all = rows.map((row) => ({ ref: incidentRef(row), tags: parseJson<string[]>(row.tags, []), facts: parseJson<Facts>(row.facts, {}) }));
  return findRecurrences(lesson, all);
}
