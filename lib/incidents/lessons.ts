import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db/client";
import { lessonCreateSchema, lessonUpdateSchema, slugify, slugSchema, uniqueKey, type Lesson } from "../domain";
import { ConflictError, NotFoundError } from "../errors";
import { searchIndex } from "../search/index-writer";
import { parseInput } from "../validation/parse";
import { findIncidentRow, touchIncident } from "./incidents";
import { toLesson } from "./mappers";
import { recordRevision } from "./revisions-record";

export interface LessonWithIncidents extends Lesson {
  incidents: { slug: string; title: string }[];
}

/** `visibility` (lib/auth incidentVisibilityWhere): only incidents the viewer may see are named; {} = all. */
export async function listLessons(db: Db, visibility: object = {}): Promise<LessonWithIncidents[]> {
  const rows = await db.lesson.findMany({
    include: { incidents: { where: { incident: visibility }, include: { incident: { select: { slug: true, title: true } } } } },
    orderBy: { title: "asc" },
  });
  return rows.map((row) => ({ ...toLesson(row), incidents: row.incidents.map((link) => link.incident) }));
}

/** Slug and title of every lesson, by title (the incident page's "attach a lesson" choices). */
export async function listLessonChoices(db: Db): Promise<{ slug: string; title: string }[]> {
  return db.lesson.findMany({ select: { slug: true, title: true }, orderBy: { title: "asc" } });
}

async function findLessonRow(db: Db | Tx, slug: string) {
  const row = await db.lesson.findUnique({ where: { slug } });
  if (!row) throw new NotFoundError(`no lesson with slug "${slug}"`);
  return row;
}

export async function getLesson(db: Db, slug: string, visibility: object = {}): Promise<LessonWithIncidents> {
  const row = await db.lesson.findUnique({
    where: { slug },
    include: { incidents: { where: { incident: visibility }, include: { incident: { select: { slug: true, title: true } } } } },
  });
  if (!row) throw new NotFoundError(`no lesson with slug "${slug}"`);
  return { ...toLesson(row), incidents: row.incidents.map((link) => link.incident) };
}

/** Records a lesson change against every incident the lesson came from (revisions live per incident). */
async function recordLessonRevision(tx: Tx, lessonId: string, action: "create" | "update" | "delete", author: string, snapshot: Lesson) {
  const links = await tx.incidentLesson.findMany({ where: { lessonId }, select: { incidentId: true } });
  for (const link of links) {
    await recordRevision(tx, { incidentId: link.incidentId, entityType: "lesson", entityId: lessonId, action, author, snapshot });
  }
}

/** Adds a new lesson to an incident, or attaches an existing one when `{ slug }` names it. */
export async function addLessonToIncident(db: Db, incidentSlug: string, input: unknown, author = ""): Promise<Lesson> {
  const isAttachOnly = typeof input === "object" && input !== null && Object.keys(input).length === 1 && "slug" in input;
  return db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, incidentSlug);
    let lessonRow;
    if (isAttachOnly) {
      lessonRow = await findLessonRow(tx, parseInput(slugSchema, (input as { slug: unknown }).slug, "lesson slug"));
    } else {
      const data = parseInput(lessonCreateSchema, input, "lesson");
      const taken = new Set((await tx.lesson.findMany({ select: { slug: true } })).map((row) => row.slug));
      if (data.slug && taken.has(data.slug)) throw new ConflictError(`a lesson with slug "${data.slug}" already exists; send only {"slug"} to attach it`);
      lessonRow = await tx.lesson.create({
        data: { id: randomUUID(), slug: data.slug ?? uniqueKey(slugify(data.title, "lesson"), taken), title: data.title, body: data.body, tags: JSON.stringify(data.tags) },
      });
    }
    const already = await tx.incidentLesson.findUnique({ where: { incidentId_lessonId: { incidentId: incident.id, lessonId: lessonRow.id } } });
    if (already) throw new ConflictError(`lesson "${lessonRow.slug}" is already attached to "${incidentSlug}"`);
    const position = await tx.incidentLesson.count({ where: { incidentId: incident.id } });
    await tx.incidentLesson.create({ data: { incidentId: incident.id, lessonId: lessonRow.id, position } });
    await touchIncident(tx, incident.id);
    await searchIndex.syncLesson(tx, lessonRow.id);
    const lesson = toLesson(lessonRow);
    await recordRevision(tx, { incidentId: incident.id, entityType: "lesson", entityId: lessonRow.id, action: "create", author, snapshot: lesson });
    return lesson;
  });
}

export async function updateLesson(db: Db, slug: string, input: unknown, author = ""): Promise<Lesson> {
  const { version, tags, ...fields } = parseInput(lessonUpdateSchema, input, "lesson update");
  return db.$transaction(async (tx) => {
    const current = await findLessonRow(tx, slug);
    const updated = await tx.lesson.updateMany({
      where: { id: current.id, version },
      data: { ...fields, tags: tags === undefined ? undefined : JSON.stringify(tags), version: { increment: 1 } },
    });
    if (updated.count === 0) {
      throw new ConflictError(`lesson "${slug}" was changed by someone else (you have version ${version}, current is ${current.version}); reload and try again`);
    }
    const lesson = toLesson(await tx.lesson.findUniqueOrThrow({ where: { id: current.id } }));
    await recordLessonRevision(tx, current.id, "update", author, lesson);
    await searchIndex.syncLesson(tx, current.id);
    return lesson;
  });
}

/**
 * Detaches a lesson from an incident; a lesson no incident refers to any more is deleted, unless it
 * has checklist items (it then stays in the library, showing that no incident refers to it).
 */
export async function removeLessonFromIncident(db: Db, incidentSlug: string, lessonSlug: string, author = ""): Promise<void> {
  await db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, incidentSlug);
    const lesson = await findLessonRow(tx, lessonSlug);
    const link = await tx.incidentLesson.findUnique({ where: { incidentId_lessonId: { incidentId: incident.id, lessonId: lesson.id } } });
    if (!link) throw new NotFoundError(`lesson "${lessonSlug}" is not attached to "${incidentSlug}"`);
    await tx.incidentLesson.delete({ where: { incidentId_lessonId: { incidentId: incident.id, lessonId: lesson.id } } });
    await recordRevision(tx, { incidentId: incident.id, entityType: "lesson", entityId: lesson.id, action: "delete", author, snapshot: toLesson(lesson) });
    const orphaned = (await tx.incidentLesson.count({ where: { lessonId: lesson.id } })) === 0;
    if (orphaned && (await tx.checklistItem.count({ where: { lessonId: lesson.id } })) === 0) await tx.lesson.delete({ where: { id: lesson.id } });
    await touchIncident(tx, incident.id);
    await searchIndex.syncLesson(tx, lesson.id);
  });
}

/** The worked example's "keep allocation and release cohesive" lesson, which diff reviews link to. */
export const ALLOCATION_COHESION_LESSON = "allocation-release-cohesion";

/** `/lessons/<slug>` when the lesson exists here, so exports link only to pages that open. */
export async function lessonPathIfExists(db: Db, slug: string): Promise<string | undefined> {
  const found = await db.lesson.findUnique({ where: { slug }, select: { slug: true } });
  return found ? `/lessons/${encodeURIComponent(found.slug)}` : undefined;
}
