/**
 * The checklist library in the database: lessons with their items and source incidents, read for
 * the builder, exports and diff selection, and written by the content import (all-or-nothing, in the
 * import's transaction).
 */
import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db/client";
import { ConflictError } from "../errors";
import { toLesson } from "../incidents/mappers";
import type { AppliesTo, PortableLessonEntry } from "./schema";
import { areasOf, type Area, type Language, type Severity } from "./vocabulary";
import { searchIndex } from "../search/index-writer";

export interface IncidentRef {
  slug: string;
  title: string;
  /** When it happened: startedAt, else detectedAt, else when it was recorded (ISO). */
  at: string;
}

export interface LibraryItem {
  code: string;
  severity: Severity;
  question: string;
  why: string;
  appliesTo: AppliesTo;
  lesson: { slug: string; title: string; tags: string[]; areas: Area[] };
  /** The incidents the item's lesson was learnt from, oldest first. */
  incidents: IncidentRef[];
}

export interface LibraryLesson {
  slug: string;
  title: string;
  body: string;
  tags: string[];
  areas: Area[];
  incidents: IncidentRef[];
  items: LibraryItem[];
}

const parseList = (text: string): string[] => {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
};

/** `visibility` (lib/auth incidentVisibilityWhere) keeps incidents the viewer may not see unnamed. */
const lessonInclude = (visibility: object) => ({
  incidents: { where: { incident: visibility }, include: { incident: { select: { slug: true, title: true, startedAt: true, detectedAt: true, createdAt: true } } } },
  checklistItems: { orderBy: { position: "asc" as const } },
});

type IncidentTimes = { slug: string; title: string; startedAt: Date | null; detectedAt: Date | null; createdAt: Date };

export function incidentRef(incident: IncidentTimes): IncidentRef {
  return { slug: incident.slug, title: incident.title, at: (incident.startedAt ?? incident.detectedAt ?? incident.createdAt).toISOString() };
}

const byTime = (a: IncidentRef, b: IncidentRef) => a.at.localeCompare(b.at) || a.slug.localeCompare(b.slug);

/**
 * Every lesson with its items, lessons by title (then slug) and items in their lesson's order — the
 * order of the library everywhere it is listed. `visibility` is the reader's incidentVisibilityWhere
 * (lib/auth): source incidents they may not see are left out (`{}` only for backups and imports).
 */
export async function loadLibrary(db: Db | Tx, visibility: object, where: { slug?: string } = {}): Promise<LibraryLesson[]> {
  const rows = await db.lesson.findMany({ where, include: lessonInclude(visibility), orderBy: [{ title: "asc" }, { slug: "asc" }] });
  return rows.map((row) => {
    const lesson = toLesson(row);
    const incidents = row.incidents.map((link) => incidentRef(link.incident)).sort(byTime);
    const summary = { slug: lesson.slug, title: lesson.title, tags: lesson.tags, areas: areasOf(lesson.tags) };
    const items: LibraryItem[] = row.checklistItems.map((item) => ({
      code: item.code,
      severity: item.severity as Severity,
      question: item.question,
      why: item.why,
      appliesTo: { languages: parseList(item.languages) as Language[], paths: parseList(item.paths), patterns: parseList(item.patterns) },
      lesson: summary,
      incidents,
    }));
    return { ...summary, body: lesson.body, incidents, items };
  });
}

export function libraryItems(lessons: LibraryLesson[]): LibraryItem[] {
  return lessons.flatMap((lesson) => lesson.items);
}

/** The lessons in portable form for `content/lessons/`, by slug. */
export async function exportLessonEntries(db: Db): Promise<PortableLessonEntry[]> {
  const lessons = await loadLibrary(db, {});
  return lessons
    .map((lesson) => ({
      slug: lesson.slug,
      title: lesson.title.replace(/\s*[\r\n]+\s*/g, " ").trim(),
      tags: lesson.tags,
      incidents: lesson.incidents.map((incident) => incident.slug).sort(),
      items: lesson.items.map((item) => ({ id: item.code, severity: item.severity, question: item.question, why: item.why, appliesTo: item.appliesTo })),
      body: lesson.body,
    }))
    .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/**
 * Writes lessons and their items inside an import's transaction. The lesson rows of incident-carried
 * lessons already exist (the incident import upserts them from the same, checked, text); lessons only
 * in the library are created. Items are upserted by code, so saved checklists keep referring to them;
 * items a lesson no longer lists are deleted. A code that belongs to a lesson outside this import is a
 * conflict — moving an item between lessons must happen in one import of both files.
 */
export async function importLessonEntries(tx: Tx, lessons: PortableLessonEntry[]): Promise<{ lessons: number; items: number }> {
  const lessonIds = new Map<string, string>();
  for (const lesson of lessons) {
    const data = { title: lesson.title, body: lesson.body, tags: JSON.stringify(lesson.tags) };
    const saved = await tx.lesson.upsert({ where: { slug: lesson.slug }, create: { id: randomUUID(), slug: lesson.slug, ...data }, update: data, select: { id: true } });
    lessonIds.set(lesson.slug, saved.id);
    await searchIndex.syncLesson(tx, saved.id); // same transaction: search never shows stale lesson text
  }
  const codes = lessons.flatMap((lesson) => lesson.items.map((item) => item.id));
  const owners = await tx.checklistItem.findMany({ where: { code: { in: codes } }, select: { code: true, lesson: { select: { slug: true } } } });
  const outside = owners.find((owner) => !lessonIds.has(owner.lesson.slug));
  if (outside) {
    throw new ConflictError(`checklist item "${outside.code}" belongs to lesson "${outside.lesson.slug}", which this import does not include; import both lesson files together to move it`);
  }
  let count = 0;
  for (const lesson of lessons) {
    const lessonId = lessonIds.get(lesson.slug)!;
    for (const [position, item] of lesson.items.entries()) {
      const data = {
        lessonId,
        position,
        question: item.question,
        why: item.why,
        severity: item.severity,
        languages: JSON.stringify(item.appliesTo.languages),
        paths: JSON.stringify(item.appliesTo.paths),
        patterns: JSON.stringify(item.appliesTo.patterns),
      };
      await tx.checklistItem.upsert({ where: { code: item.id }, create: { id: randomUUID(), code: item.id, ...data }, update: data });
      count++;
    }
  }
  await tx.checklistItem.deleteMany({ where: { lessonId: { in: [...lessonIds.values()] }, code: { notIn: codes } } });
  // Same transaction: the search index gets the created, changed and deleted items (only differences are written).
  await searchIndex.syncLibraryKind(tx, "checklist-item");
  return { lessons: lessons.length, items: count };
}
