import { randomUUID } from "node:crypto";
import { providerOf, type Db, type Tx } from "../db/client";
import { bulkInsert } from "../db/bulk-insert";
import type { DatabaseProvider } from "../db/config";
import type { Incident as IncidentRow, Prisma } from "../db/generated/sqlite/client";
import { memberLocations, toPortable, type PortableIncident } from "../content/portable";
import { ConflictError, UnprocessableError } from "../errors";
import { searchIndex } from "../search/index-writer";
import { getIncidentDocument, incidentColumns } from "./incidents";
import { sha256Hex } from "./attachments";
import { toIncident } from "./mappers";
import { monotonicId } from "../ids";

export interface ImportResult {
  created: string[];
  updated: string[];
}

/** Big imports run in one transaction; the default 5 s interactive-transaction limit is far too short. */
const IMPORT_TRANSACTION = { timeout: 15 * 60_000, maxWait: 60_000 };

export interface ImportOptions {
  /** false: refuse (409, nothing written) when a slug exists instead of replacing that incident. */
  replaceExisting?: boolean;
  /** More writes that must succeed or fail with the incidents (the lesson library of the same content). */
  alsoInTransaction?: (tx: Tx) => Promise<unknown>;
}

/**
 * Imports incidents all-or-nothing: every incident is created, or replaced wholesale when its slug
 * exists (the file is the truth), inside one transaction. Any failure rolls everything back.
 */
export async function importPortables(db: Db, incidents: PortableIncident[], author = "import", options: ImportOptions = {}): Promise<ImportResult> {
  const slugs = new Set<string>();
  for (const incident of incidents) {
    if (slugs.has(incident.slug)) throw new UnprocessableError(`two files define the incident "${incident.slug}"`);
    slugs.add(incident.slug);
    for (const attachment of incident.attachments) {
      if (!attachment.data) throw new UnprocessableError(`${incident.slug}: attachment "${attachment.filename}" has no file content`);
      if (sha256Hex(attachment.data) !== attachment.sha256) {
        throw new UnprocessableError(`${incident.slug}: attachment "${attachment.filename}" does not match its sha256`);
      }
    }
  }
  const provider = providerOf(db);
  return db.$transaction(async (tx) => {
    const result = await importBatch(tx, provider, incidents, author, options.replaceExisting ?? true);
    await options.alsoInTransaction?.(tx);
    return result;
  }, IMPORT_TRANSACTION);
}

/**
 * Writes the whole batch with a handful of bulk statements (createMany per table) instead of a few
 * statements per incident: per-statement overhead dominates imports of thousands of small incidents.
 */
async function importBatch(tx: Tx, provider: DatabaseProvider, incidents: PortableIncident[], author: string, replaceExisting: boolean): Promise<ImportResult> {
  const existingRows = await tx.incident.findMany({ where: { slug: { in: incidents.map((incident) => incident.slug) } }, select: { id: true, slug: true } });
  if (!replaceExisting && existingRows.length) throw new ConflictError(`an incident with slug "${existingRows[0].slug}" already exists`);
  const existingIdBySlug = new Map(existingRows.map((row) => [row.slug, row.id]));
  const replacedIds = [...existingIdBySlug.values()];
  const userIdByEmail = await memberAccounts(tx, incidents);
  if (replacedIds.length) {
    await tx.incidentMember.deleteMany({ where: { incidentId: { in: replacedIds } } });
    await tx.timelineEntry.deleteMany({ where: { incidentId: { in: replacedIds } } });
    await tx.actionItem.deleteMany({ where: { incidentId: { in: replacedIds } } });
    await tx.incidentLesson.deleteMany({ where: { incidentId: { in: replacedIds } } });
    await tx.attachment.deleteMany({ where: { incidentId: { in: replacedIds } } });
  }

  const now = new Date();
  const rows = {
    incidents: [] as IncidentRow[],
    entries: [] as Prisma.TimelineEntryCreateManyInput[],
    links: [] as Prisma.EntryLinkCreateManyInput[],
    actions: [] as Prisma.ActionItemCreateManyInput[],
    attachments: [] as Prisma.AttachmentCreateManyInput[],
    revisions: [] as Prisma.RevisionCreateManyInput[],
    members: [] as Prisma.IncidentMemberCreateManyInput[],
  };
  const lessonLinks: { incidentId: string; slug: string; position: number }[] = [];
  const lessonsBySlug = new Map<string, PortableIncident["lessons"][number]>();

  for (const portable of incidents) {
    const { entries, links, actionItems, lessons, attachments, restricted, members, ...fields } = portable;
    const existingId = existingIdBySlug.get(portable.slug);
    const incidentId = existingId ?? randomUUID();
    const columns = { ...incidentColumns(fields), slug: fields.slug, title: fields.title, status: fields.status, severity: fields.severity, restricted };
    for (const email of members) rows.members.push({ incidentId, userId: userIdByEmail.get(email)!, createdAt: now });
    if (existingId) {
      const row = await tx.incident.update({ where: { id: existingId }, data: { ...columns, version: { increment: 1 } } });
      rows.revisions.push(revisionRow(incidentId, "update", author, toIncident(row)));
    } else {
      const row = { id: incidentId, ...columns, version: 1, createdAt: now, updatedAt: now } as IncidentRow;
      rows.incidents.push(row);
      rows.revisions.push(revisionRow(incidentId, "create", author, toIncident(row)));
    }
    const idByKey = new Map(entries.map((entry) => [entry.key, randomUUID()]));
    for (const entry of entries) {
      const { key, at, kind, title, body, author: entryAuthor, statusOverride, statusReason } = entry;
      rows.entries.push({ id: idByKey.get(key)!, incidentId, key, at: new Date(at), kind, title, body, author: entryAuthor, statusOverride, statusReason });
    }
    for (const link of links) {
      rows.links.push({ id: randomUUID(), incidentId, fromEntryId: idByKey.get(link.from)!, toEntryId: idByKey.get(link.to)!, type: link.type, note: link.note });
    }
    actionItems.forEach((item, position) => {
      const dueDate = item.dueDate ? new Date(`${item.dueDate}T00:00:00Z`) : null;
      rows.actions.push({ ...item, id: randomUUID(), incidentId, dueDate, position });
    });
    lessons.forEach((lesson, position) => {
      lessonsBySlug.set(lesson.slug, lesson);
      lessonLinks.push({ incidentId, slug: lesson.slug, position });
    });
    for (const attachment of attachments) {
      const { filename, mediaType, size, sha256, caption, data } = attachment;
      const entryId = attachment.entry ? idByKey.get(attachment.entry)! : null;
      rows.attachments.push({ id: randomUUID(), incidentId, entryId, filename, mediaType, size, sha256, caption, data: Buffer.from(data!) });
    }
  }

  await bulkInsert(tx, provider, "Incident", rows.incidents);
  await bulkInsert(tx, provider, "TimelineEntry", rows.entries.map((row) => ({ ...row, recordedAt: now, createdAt: now, updatedAt: now, version: 1 })));
  await bulkInsert(tx, provider, "EntryLink", rows.links.map((row) => ({ ...row, createdAt: now })));
  await bulkInsert(tx, provider, "ActionItem", rows.actions.map((row) => ({ ...row, version: 1, createdAt: now, updatedAt: now })));
  await bulkInsert(tx, provider, "Attachment", rows.attachments.map((row) => ({ ...row, createdAt: now })));
  if (rows.members.length) await tx.incidentMember.createMany({ data: rows.members });
  const lessonIdBySlug = new Map<string, string>();
  for (const lesson of lessonsBySlug.values()) {
    const data = { title: lesson.title, body: lesson.body, tags: JSON.stringify(lesson.tags) };
    const saved = await tx.lesson.upsert({ where: { slug: lesson.slug }, create: { id: randomUUID(), slug: lesson.slug, ...data }, update: data, select: { id: true } });
    lessonIdBySlug.set(lesson.slug, saved.id);
  }
  if (lessonLinks.length) {
    await tx.incidentLesson.createMany({
      data: lessonLinks.map((link) => ({ incidentId: link.incidentId, lessonId: lessonIdBySlug.get(link.slug)!, position: link.position })),
    });
  }
  await bulkInsert(tx, provider, "Revision", rows.revisions.map((row) => ({ ...row, createdAt: now })));
  await searchIndex.indexIncidentsInBulk(tx, provider, [...rows.incidents.map((row) => row.id), ...replacedIds], [...lessonIdBySlug.values()]);
  return {
    created: incidents.filter((incident) => !existingIdBySlug.has(incident.slug)).map((incident) => incident.slug),
    updated: incidents.filter((incident) => existingIdBySlug.has(incident.slug)).map((incident) => incident.slug),
  };
}

/**
 * Accounts of the members listed by restricted incidents. A member without an account fails the
 * whole import (pointing at the file line when the incident came from a content folder): restoring
 * the restriction with fewer members would silently lock people out, and keeping a membership
 * "pending" for whoever registers that email later would hand the incident to them.
 */
async function memberAccounts(tx: Tx, incidents: PortableIncident[]): Promise<Map<string, string>> {
  const emails = [...new Set(incidents.flatMap((incident) => incident.members))];
  if (emails.length === 0) return new Map();
  const users = await tx.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } });
  const idByEmail = new Map(users.map((user) => [user.email, user.id]));
  const issues = incidents.flatMap((incident) =>
    incident.members
      .filter((email) => !idByEmail.has(email))
      .map((email) => ({ path: memberLocations.get(incident)?.get(email) ?? `${incident.slug}: members`, message: `no account with email "${email}" (create it with casebook user add, then import again)` })),
  );
  if (issues.length) {
    throw new UnprocessableError(`restricted incidents name members without an account:\n${issues.map((issue) => `${issue.path}: ${issue.message}`).join("\n")}`, issues);
  }
  return idByEmail;
}

function revisionRow(incidentId: string, action: "create" | "update", author: string, snapshot: object) {
  return { id: monotonicId(), incidentId, entityType: "incident", entityId: incidentId, action, author, snapshot: JSON.stringify(snapshot) };
}

/** One incident in portable form, with attachment bytes when `withData` is set. */
export async function exportIncident(db: Db, slug: string, withData = true): Promise<PortableIncident> {
  const document = await getIncidentDocument(db, slug);
  const data = new Map<string, Uint8Array>();
  if (withData && document.attachments.length) {
    const rows = await db.attachment.findMany({ where: { id: { in: document.attachments.map((a) => a.id) } }, select: { id: true, data: true } });
    for (const row of rows) data.set(row.id, new Uint8Array(row.data));
  }
  const access = await db.incident.findUniqueOrThrow({ where: { slug }, select: { restricted: true, members: { select: { user: { select: { email: true } } } } } });
  return toPortable(document, data, { restricted: access.restricted, memberEmails: access.members.map((member) => member.user.email) });
}

export async function exportAllIncidents(db: Db): Promise<PortableIncident[]> {
  const slugs = await db.incident.findMany({ select: { slug: true }, orderBy: { slug: "asc" } });
  const result: PortableIncident[] = [];
  for (const { slug } of slugs) result.push(await exportIncident(db, slug));
  return result;
}

export async function countIncidents(db: Db): Promise<number> {
  return db.incident.count();
}
