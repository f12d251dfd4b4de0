/**
 * Past incidents for the generator, read from the database through the incident services (read-only).
 * One query lists every incident with its facts and tags; only the most similar ones are then read in
 * full to find their confirmed hypotheses, so a large history costs one list, not one document each.
 */
import type { Db } from "../db/client";
import { assessHypotheses } from "../domain/hypothesis-status";
import type { Facts } from "../domain/incident";
import { getIncidentDocument, listIncidents } from "../incidents/incidents";
import { normalizeFacts } from "./facts";
import { compareProfiles, MIN_SIMILARITY, similarityProfile, type PastIncident } from "./similarity";

/** Enough for the generator's top five even when some shortlisted incidents have no confirmed cause. */
const SHORTLIST = 25;

export async function loadPastIncidents(db: Db, current: { facts: Facts; tags?: string[]; excludeSlug?: string; visibility?: object }): Promise<PastIncident[]> {
  const profile = similarityProfile(normalizeFacts(current.facts).facts, current.tags ?? []);
  const shortlist = (await listIncidents(db, {}, current.visibility))
    .filter((incident) => incident.slug !== current.excludeSlug)
    .map((incident) => ({ incident, comparison: compareProfiles(profile, similarityProfile(normalizeFacts(incident.facts).facts, incident.tags)) }))
    .filter(({ comparison }) => comparison !== null && comparison.specific && comparison.score >= MIN_SIMILARITY)
    .sort((a, b) => b.comparison!.score - a.comparison!.score || a.incident.slug.localeCompare(b.incident.slug))
    .slice(0, SHORTLIST);

  const past: PastIncident[] = [];
  for (const { incident } of shortlist) {
    const document = await getIncidentDocument(db, incident.slug);
    const titles = new Map(document.entries.map((entry) => [entry.key, entry.title]));
    const confirmedHypotheses = [...assessHypotheses(document.entries, document.links).values()]
      .filter((assessment) => assessment.status === "confirmed")
      .map((assessment) => ({ title: titles.get(assessment.key) ?? assessment.key, reason: assessment.reason }));
    past.push({ slug: incident.slug, title: incident.title, facts: incident.facts, tags: incident.tags, rootCause: incident.rootCause, confirmedHypotheses });
  }
  return past;
}
