import type { Db } from "../db/client";
import type { Facts } from "../domain";
import { NotFoundError } from "../errors";
import { searchBackendFor } from "./backend";
import { groupByIncident } from "./grouping";
import { searchSources } from "./sources";
import type { Phrase } from "./query";
import { ensureSearchIndex } from "./rebuild";
import { isUnspacedTerm, terms } from "./tokens";

/**
 * "Similar incidents": the same facts (system, version, allocator, events…), the same tags and
 * services, and similar wording. The wording part asks the full-text index for the incident's most
 * frequent meaningful words (OR) and compares each other incident's best score with the incident's own.
 */

export interface SimilarIncident {
  slug: string;
  title: string;
  status: string;
  severity: string;
  /** 0–1. */
  score: number;
  /** Why, for people: "tags: memory-leak, redis", "facts: system = redis", "wording: slot, migration". */
  reasons: string[];
}

const WEIGHTS = { text: 0.35, tags: 0.25, services: 0.15, facts: 0.25 };
const MIN_SCORE = 0.12;
const QUERY_TERMS = 12;
const CANDIDATE_LIMIT = 200;

const STOPWORDS = new Set(
  (
    "the a an and or of to in on for with is was were be been it its this that these those as at by from not no after before we our " +
    "has had have but are which into only than then there when what all one two also can could would should will may more most so " +
    "http https com www 的 了 是 在 和 有 也 就 都 而 及 与 或 一个 没有 我们 这个 因此 所以 但是 如果 可以 进行 问题 出现 发现 时候"
  ).split(" "),
);

function jaccard(a: string[], b: string[]): { score: number; shared: string[] } {
  const setB = new Set(b);
  const shared = [...new Set(a)].filter((item) => setB.has(item));
  const union = new Set([...a, ...b]).size;
  return { score: union ? shared.length / union : 0, shared };
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Facts the two share, weighted: strings and lists say more than a coincidentally equal number. */
function compareFacts(target: Facts, other: Facts): { score: number; shared: string[] } {
  let possible = 0;
  let matched = 0;
  const shared: string[] = [];
  for (const [name, value] of Object.entries(target)) {
    if (typeof value === "string" && value.length > 80) continue; // notes, not facts to match on
    const weight = typeof value === "string" || Array.isArray(value) ? 1 : 0.5;
    possible += weight;
    const theirs = other[name];
    if (theirs === undefined) continue;
    if (Array.isArray(value) && Array.isArray(theirs)) {
      const overlap = jaccard(value, theirs);
      matched += weight * overlap.score;
      if (overlap.shared.length) shared.push(`${name} = ${overlap.shared.join(", ")}`);
    } else if (String(value).toLowerCase() === String(theirs).toLowerCase()) {
      matched += weight;
      shared.push(`${name} = ${String(value)}`);
    }
  }
  return { score: possible ? matched / possible : 0, shared };
}

/** The incident's most frequent meaningful words, most frequent first. */
function characteristicTerms(texts: string[]): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const term of terms(text)) {
      if (STOPWORDS.has(term) || /^\d+$/.test(term) || term.length < 2 || (!isUnspacedTerm(term) && term.length < 3)) continue;
      counts.set(term, (counts.get(term) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, QUERY_TERMS).map(([term]) => term);
}

/** Matches of the incident's characteristic words scored for "similar incidents" (the newest this many). */
const SIMILAR_WINDOW = 500;

/** `hiddenIncidentIds`: restricted incidents the viewer may not see (lib/auth hiddenIncidentIds); never suggested. */
export async function findSimilarIncidents(db: Db, slug: string, limit = 5, hiddenIncidentIds: string[] = []): Promise<SimilarIncident[]> {
  const target = await db.incident.findUnique({ where: { slug }, include: { entries: { select: { title: true }, take: 300 } } });
  if (!target) throw new NotFoundError(`no incident with slug "${slug}"`);
  await ensureSearchIndex(db);
  const tags = parseJson<string[]>(target.tags, []);
  const services = parseJson<string[]>(target.services, []);
  const facts = parseJson<Facts>(target.facts, {});

  const queryTerms = characteristicTerms([target.title, target.summary, target.rootCause, ...tags, ...target.entries.map((entry) => entry.title)]);
  const textScores = new Map<string, { score: number; words: string[] }>();
  if (queryTerms.length) {
    const phrases: Phrase[] = queryTerms.map((term) => ({ terms: [term], prefix: false }));
    const backend = searchBackendFor(db);
    // Only what is written inside incidents: library documents (checklist items, runbook steps) belong to none.
    const kindCodes = searchSources().flatMap((source) => (source.scope === "incident" ? [source.code] : []));
    const candidates = await backend.candidates(db, { required: [phrases], excluded: [] }, { kindCodes, incidentNos: null, window: SIMILAR_WINDOW });
    const groups = groupByIncident(candidates, 1).slice(0, 30);
    const documents = (await backend.documents(db, groups.map((group) => group.hits[0][0]))).flatMap((document) => (document.incident ? [{ ...document, incident: document.incident }] : []));
    const own = documents.find((document) => document.incident.slug === slug);
    const ownScore = groups.find((group) => group.hits[0][0] === own?.id)?.best ?? Math.max(0, ...groups.map((group) => group.best));
    const scoreOf = new Map(groups.map((group) => [group.hits[0][0], group.best]));
    for (const document of documents) {
      if (document.incident.slug === slug || ownScore <= 0) continue;
      const words = new Set(terms(`${document.title} ${document.body}`));
      const score = Math.min(1, (scoreOf.get(document.id) ?? 0) / ownScore);
      textScores.set(document.incident.slug, { score, words: queryTerms.filter((term) => words.has(term)).slice(0, 4) });
    }
  }

  const likeConditions = [
    ...tags.map((tag) => ({ tags: { contains: JSON.stringify(tag) } })),
    ...services.map((service) => ({ services: { contains: JSON.stringify(service) } })),
    ...Object.entries(facts)
      .filter(([, value]) => typeof value !== "object" && String(value).length <= 80)
      .map(([name, value]) => ({ facts: { contains: `${JSON.stringify(name)}:${JSON.stringify(value)}` } })),
    ...(textScores.size ? [{ slug: { in: [...textScores.keys()] } }] : []),
  ];
  if (likeConditions.length === 0) return [];
  const candidates = await db.incident.findMany({
    where: { id: { not: target.id, notIn: hiddenIncidentIds }, OR: likeConditions },
    select: { slug: true, title: true, status: true, severity: true, tags: true, services: true, facts: true },
    take: CANDIDATE_LIMIT,
  });

  return candidates
    .map((candidate) => {
      const sharedTags = jaccard(tags, parseJson<string[]>(candidate.tags, []));
      const sharedServices = jaccard(services, parseJson<string[]>(candidate.services, []));
      const sharedFacts = compareFacts(facts, parseJson<Facts>(candidate.facts, {}));
      const text = textScores.get(candidate.slug);
      const score =
        WEIGHTS.text * (text?.score ?? 0) + WEIGHTS.tags * sharedTags.score + WEIGHTS.services * sharedServices.score + WEIGHTS.facts * sharedFacts.score;
      const reasons = [
        sharedFacts.shared.length ? `facts: ${sharedFacts.shared.slice(0, 4).join("; ")}` : "",
        sharedTags.shared.length ? `tags: ${sharedTags.shared.join(", ")}` : "",
        sharedServices.shared.length ? `services: ${sharedServices.shared.join(", ")}` : "",
        text?.words.length ? `wording: ${text.words.join(", ")}` : "",
      ].filter(Boolean);
      return { slug: candidate.slug, title: candidate.title, status: candidate.status, severity: candidate.severity, score: Math.round(score * 100) / 100, reasons };
    })
    .filter((candidate) => candidate.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.slug.localeCompare(b.slug))
    .slice(0, limit);
}
