import type { Db } from "../db/client";
import type { IncidentDocument } from "../domain";
import { NotFoundError } from "../errors";
import { getIncidentDocument } from "./incidents";
import { toLesson } from "./mappers";

/**
 * The incident page reads the same large document on every view (hundreds of entries); mapping it
 * through Prisma costs far more than the page's rendering. The part the incident owns (incident,
 * entries, links, action items, attachments) is kept per (incident id, version, updatedAt): every
 * write to any of them bumps the incident's version or its updatedAt (`touchIncident`, strictly
 * increasing), so one cheap query for that stamp tells whether the kept copy is still current — a
 * write is visible on the very next read, also writes made by another process (the CLI). Lessons are
 * shared between incidents and edited on their own, so they are always read fresh.
 */

type OwnedParts = Omit<IncidentDocument, "lessons">;

interface Kept {
  stamp: string;
  parts: OwnedParts;
}

/** A handful of big documents per database client; least recently read goes first. */
const MAX_KEPT = 16;

const keptByClient = new WeakMap<Db, Map<string, Kept>>();

const stampOf = (row: { id: string; version: number; updatedAt: Date | string }) =>
  `${row.id}:${row.version}:${typeof row.updatedAt === "string" ? row.updatedAt : row.updatedAt.toISOString()}`;

/** Kept copies are shared by concurrent requests: nothing may change them in place. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The incident document as `getIncidentDocument` returns it, without re-reading and re-mapping what
 * has not changed since the last read. The result is frozen.
 */
export async function getIncidentDocumentCached(db: Db, slug: string): Promise<IncidentDocument> {
  const head = await db.incident.findUnique({ where: { slug }, select: { id: true, version: true, updatedAt: true } });
  if (!head) throw new NotFoundError(`no incident with slug "${slug}"`);
  let kept = keptByClient.get(db);
  if (!kept) keptByClient.set(db, (kept = new Map()));
  let hit = kept.get(head.id);
  if (hit && hit.stamp === stampOf(head)) {
    kept.delete(head.id); // re-insert: Map order is the recency order
    kept.set(head.id, hit);
  } else {
    // The stamp stored is the one read together with the data (the incident row is read before its
    // children): the data is never older than its stamp, so a later write always misses.
    const { lessons: _lessons, ...parts } = await getIncidentDocument(db, slug);
    hit = { stamp: stampOf(parts.incident), parts: deepFreeze(parts) };
    kept.delete(head.id);
    kept.set(head.id, hit);
    while (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  }
  const lessonRows = await db.incidentLesson.findMany({ where: { incidentId: head.id }, include: { lesson: true }, orderBy: { position: "asc" } });
  return { ...hit.parts, lessons: deepFreeze(lessonRows.map((row) => toLesson(row.lesson))) };
}
