/**
 * Past incidents that look like this one, as candidate hypotheses: their confirmed root causes are
 * the first things worth ruling in or out. Similarity is a weighted count of shared facts, each match
 * named so the ranking can be checked by a reader.
 */
import type { Facts } from "../domain/incident";
import { listFact, normalizeFacts, type TriageFacts } from "./facts";
import { releaseLine } from "./versions";

export interface PastIncident {
  slug: string;
  title: string;
  facts: Facts;
  tags: string[];
  rootCause: string;
  confirmedHypotheses: { title: string; reason: string }[];
}

export interface CandidateHypothesis {
  incident: { slug: string; title: string; url: string };
  /** First paragraph of the incident's root cause (may be empty when only hypotheses were confirmed). */
  rootCause: string;
  confirmedHypotheses: { title: string; reason: string }[];
  score: number;
  /** Why it matched, e.g. "shared events: slot-migration, failover". */
  matched: string[];
}

/**
 * Weights: an event or a code path in common (slot migration, failover) says most about a shared
 * cause; the release line says which code ran; symptoms and tags say less; system only gates.
 */
const WEIGHTS = { system: 1, releaseLine: 2, major: 1, allocator: 1, cluster: 1, role: 0.5, event: 2, symptom: 1.5, tag: 1 };
/** Below this, a match is coincidence (e.g. same system and allocator only). */
export const MIN_SIMILARITY = 4;
export const DEFAULT_CANDIDATE_LIMIT = 5;

interface Profile {
  system?: string;
  line?: string;
  major?: number;
  allocator?: string;
  cluster?: boolean;
  role?: string;
  events: Set<string>;
  symptoms: Set<string>;
  tags: Set<string>;
}

export function similarityProfile(facts: TriageFacts, tags: string[]): Profile {
  const text = (name: "system" | "allocator" | "role") => {
    const value = facts.values[name];
    return value?.kind === "text" ? value.value : undefined;
  };
  const version = facts.values.version;
  const cluster = facts.values.cluster;
  return {
    system: text("system"),
    line: version?.kind === "version" && version.value ? releaseLine(version.value) : undefined,
    major: version?.kind === "version" && version.value ? version.value.major : undefined,
    allocator: text("allocator"),
    cluster: cluster?.kind === "boolean" ? cluster.value : undefined,
    role: text("role"),
    events: new Set(listFact(facts, "events")),
    symptoms: new Set(listFact(facts, "symptoms")),
    tags: new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean)),
  };
}

const shared = (a: Set<string>, b: Set<string>) => [...a].filter((item) => b.has(item)).sort();

/** Score and reasons; null when the systems differ (another system's root cause is not a candidate). */
export function compareProfiles(current: Profile, past: Profile): { score: number; matched: string[]; specific: boolean } | null {
  if (current.system && past.system && current.system !== past.system) return null;
  let score = 0;
  let specific = false;
  const matched: string[] = [];
  const add = (weight: number, reason: string, isSpecific = false) => {
    score += weight;
    matched.push(reason);
    specific ||= isSpecific;
  };
  if (current.system && current.system === past.system) add(WEIGHTS.system, `same system: ${current.system}`);
  if (current.line && current.line === past.line) add(WEIGHTS.releaseLine, `same release line: ${current.line}`, true);
  else if (current.major !== undefined && current.major === past.major) add(WEIGHTS.major, `same major version: ${current.major}`);
  if (current.allocator && current.allocator === past.allocator) add(WEIGHTS.allocator, `same allocator: ${current.allocator}`);
  if (current.cluster && past.cluster) add(WEIGHTS.cluster, "both in cluster mode");
  if (current.role && current.role === past.role) add(WEIGHTS.role, `same role: ${current.role}`);
  const events = shared(current.events, past.events);
  if (events.length) add(WEIGHTS.event * events.length, `shared events: ${events.join(", ")}`, true);
  const symptoms = shared(current.symptoms, past.symptoms);
  if (symptoms.length) add(WEIGHTS.symptom * symptoms.length, `shared symptoms: ${symptoms.join(", ")}`, true);
  const tags = shared(current.tags, past.tags);
  if (tags.length) add(WEIGHTS.tag * tags.length, `shared tags: ${tags.join(", ")}`, true);
  return { score, matched, specific };
}

function firstParagraph(markdown: string, max = 500): string {
  const paragraph = markdown.trim().split(/\n\s*\n/)[0]?.replace(/\s+/g, " ").trim() ?? "";
  return paragraph.length > max ? `${paragraph.slice(0, max - 1).trimEnd()}…` : paragraph;
}

/**
 * Past incidents with a confirmed root cause (root-cause text or a confirmed hypothesis), ranked by
 * similarity (ties by slug, so the order is stable); the incident being triaged is left out.
 */
export function rankCandidates(
  current: Profile,
  past: PastIncident[],
  options: { excludeSlug?: string; limit?: number } = {},
): CandidateHypothesis[] {
  const ranked: CandidateHypothesis[] = [];
  for (const incident of past) {
    if (incident.slug === options.excludeSlug) continue;
    if (!incident.rootCause.trim() && incident.confirmedHypotheses.length === 0) continue;
    const comparison = compareProfiles(current, similarityProfile(normalizeFacts(incident.facts).facts, incident.tags));
    if (!comparison || !comparison.specific || comparison.score < MIN_SIMILARITY) continue;
    ranked.push({
      incident: { slug: incident.slug, title: incident.title, url: `/incidents/${incident.slug}` },
      rootCause: firstParagraph(incident.rootCause),
      confirmedHypotheses: incident.confirmedHypotheses,
      score: Math.round(comparison.score * 10) / 10,
      matched: comparison.matched,
    });
  }
  ranked.sort((a, b) => b.score - a.score || a.incident.slug.localeCompare(b.incident.slug));
  return ranked.slice(0, options.limit ?? DEFAULT_CANDIDATE_LIMIT);
}
