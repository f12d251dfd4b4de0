import type { Tx } from "../db/client";
import type { Incident as IncidentRow, Lesson as LessonRow, TimelineEntry as EntryRow } from "../db/generated/sqlite/client";
import type { IncidentSearchSource, SearchDocumentInput } from "./sources";

/** Incidents, timeline entries and lessons: what is written inside incidents (library-sources.ts has the rest). */

const CHUNK = 500;

/** findMany with `IN` lists kept well under the databases' bind-parameter limits. */
async function inChunks<T>(ids: string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}

function jsonList(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}

function factLines(text: string): string[] {
  try {
    const facts = JSON.parse(text) as Record<string, unknown>;
    return Object.entries(facts).map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(", ") : String(value)}`);
  } catch {
    return [];
  }
}

/** Everything written about the incident itself; tags, services and facts are searchable words too. */
function incidentDocument(row: IncidentRow): SearchDocumentInput {
  const services = jsonList(row.services);
  const tags = jsonList(row.tags);
  const parts = [
    row.summary,
    row.titleOriginal && row.titleOriginal !== row.title ? row.titleOriginal : "",
    row.summaryOriginal,
    row.impact,
    row.rootCause,
    ...jsonList(row.contributingFactors),
    services.length ? `Services: ${services.join(", ")}` : "",
    tags.length ? `Tags: ${tags.join(", ")}` : "",
    ...factLines(row.facts),
  ];
  return {
    incidentId: row.id,
    entityId: row.id,
    handle: row.slug,
    title: row.title,
    body: parts.filter((part) => part.trim()).join("\n\n"),
    at: row.detectedAt ?? row.startedAt ?? row.createdAt,
  };
}

const incidentSource: IncidentSearchSource = {
  scope: "incident",
  kind: "incident",
  code: 1,
  label: "Incidents",
  async documentsOf(tx: Tx, incidentId: string) {
    const row = await tx.incident.findUnique({ where: { id: incidentId } });
    return row ? [incidentDocument(row)] : [];
  },
  async documentsOfIncidents(tx: Tx, incidentIds: string[]) {
    return (await inChunks(incidentIds, (ids) => tx.incident.findMany({ where: { id: { in: ids } } }))).map(incidentDocument);
  },
  url: (incidentSlug) => `/incidents/${encodeURIComponent(incidentSlug ?? "")}`,
};

function entryDocument(row: EntryRow): SearchDocumentInput {
  return { incidentId: row.incidentId, entityId: row.id, handle: row.key, detail: row.kind, title: row.title, body: row.body, at: row.at };
}

const entrySource: IncidentSearchSource = {
  scope: "incident",
  kind: "entry",
  code: 2,
  label: "Timeline entries",
  async documentsOf(tx: Tx, entryId: string) {
    const row = await tx.timelineEntry.findUnique({ where: { id: entryId } });
    return row ? [entryDocument(row)] : [];
  },
  async documentsOfIncidents(tx: Tx, incidentIds: string[]) {
    return (await inChunks(incidentIds, (ids) => tx.timelineEntry.findMany({ where: { incidentId: { in: ids } } }))).map(entryDocument);
  },
  url: (incidentSlug, key) => `/incidents/${encodeURIComponent(incidentSlug ?? "")}#entry-${encodeURIComponent(key)}`,
};

/** A lesson is shared by the incidents it came from: one document per incident keeps facets per incident exact. */
function lessonDocument(lesson: LessonRow, incidentId: string): SearchDocumentInput {
  const tags = jsonList(lesson.tags);
  return {
    incidentId,
    entityId: lesson.id,
    handle: lesson.slug,
    title: lesson.title,
    body: [lesson.body, tags.length ? `Tags: ${tags.join(", ")}` : ""].filter(Boolean).join("\n\n"),
    at: null,
  };
}

const lessonSource: IncidentSearchSource = {
  scope: "incident",
  kind: "lesson",
  code: 3,
  label: "Lessons",
  async documentsOf(tx: Tx, lessonId: string) {
    const lesson = await tx.lesson.findUnique({ where: { id: lessonId }, include: { incidents: { select: { incidentId: true } } } });
    return lesson ? lesson.incidents.map((link) => lessonDocument(lesson, link.incidentId)) : [];
  },
  async documentsOfIncidents(tx: Tx, incidentIds: string[]) {
    const links = await inChunks(incidentIds, (ids) => tx.incidentLesson.findMany({ where: { incidentId: { in: ids } }, include: { lesson: true } }));
    return links.map((link) => lessonDocument(link.lesson, link.incidentId));
  },
  url: (_incidentSlug, slug) => `/lessons/${encodeURIComponent(slug)}`,
};

// Codes 4 and 5: checklist items and runbook steps (library-sources.ts).
export const builtinSources: IncidentSearchSource[] = [incidentSource, entrySource, lessonSource];
