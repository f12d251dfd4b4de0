import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db/client";
import { toPortable, type PortableIncident } from "../content/portable";
import { UnprocessableError } from "../errors";
import { getIncidentDocument, incidentColumns } from "./incidents";
import { sha256Hex } from "./attachments";
import { toIncident } from "./mappers";
import { recordRevision } from "./revisions-record";

export interface ImportResult {
  created: string[];
  updated: string[];
}

/** Big imports run in one transaction; the default 5 s interactive-transaction limit is far too short. */
const IMPORT_TRANSACTION = { timeout: 15 * 60_000, maxWait: 60_000 };

/**
 * Imports incidents all-or-nothing: every incident is created, or replaced wholesale when its slug
 * exists (the file is the truth), inside one transaction. Any failure rolls everything back.
 */
export async function importPortables(db: Db, incidents: PortableIncident[], author = "import"): Promise<ImportResult> {
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
  return db.$transaction(async (tx) => {
    const result: ImportResult = { created: [], updated: [] };
    for (const incident of incidents) {
      const replaced = await importOne(tx, incident, author);
      (replaced ? result.updated : result.created).push(incident.slug);
    }
    return result;
  }, IMPORT_TRANSACTION);
}

async function importOne(tx: Tx, portable: PortableIncident, author: string): Promise<boolean> {
  const { entries, links, actionItems, lessons, attachments, ...fields } = portable;
  const existing = await tx.incident.findUnique({ where: { slug: portable.slug }, select: { id: true } });
  const columns = { ...incidentColumns(fields), slug: fields.slug, title: fields.title, status: fields.status, severity: fields.severity };
  let incidentId: string;
  if (existing) {
    incidentId = existing.id;
    await tx.timelineEntry.deleteMany({ where: { incidentId } });
    await tx.actionItem.deleteMany({ where: { incidentId } });
    await tx.incidentLesson.deleteMany({ where: { incidentId } });
    await tx.attachment.deleteMany({ where: { incidentId } });
    await tx.incident.update({ where: { id: incidentId }, data: { ...columns, version: { increment: 1 } } });
  } else {
    incidentId = randomUUID();
    await tx.incident.create({ data: { id: incidentId, ...columns } });
  }

  const idByKey = new Map(entries.map((entry) => [entry.key, randomUUID()]));
  await tx.timelineEntry.createMany({
    data: entries.map((entry) => ({
      id: idByKey.get(entry.key)!,
      incidentId,
      key: entry.key,
      at: new Date(entry.at),
      kind: entry.kind,
      title: entry.title,
      body: entry.body,
      author: entry.author,
      statusOverride: entry.statusOverride,
      statusReason: entry.statusReason,
    })),
  });
  await tx.entryLink.createMany({
    data: links.map((link) => ({
      id: randomUUID(),
      incidentId,
      fromEntryId: idByKey.get(link.from)!,
      toEntryId: idByKey.get(link.to)!,
      type: link.type,
      note: link.note,
    })),
  });
  await tx.actionItem.createMany({
    data: actionItems.map((item, position) => ({
      id: randomUUID(),
      incidentId,
      key: item.key,
      title: item.title,
      owner: item.owner,
      dueDate: item.dueDate ? new Date(`${item.dueDate}T00:00:00Z`) : null,
      type: item.type,
      status: item.status,
      externalLink: item.externalLink,
      position,
    })),
  });
  for (const [position, lesson] of lessons.entries()) {
    const data = { title: lesson.title, body: lesson.body, tags: JSON.stringify(lesson.tags) };
    const saved = await tx.lesson.upsert({ where: { slug: lesson.slug }, create: { id: randomUUID(), slug: lesson.slug, ...data }, update: data });
    await tx.incidentLesson.create({ data: { incidentId, lessonId: saved.id, position } });
  }
  for (const attachment of attachments) {
    await tx.attachment.create({
      data: {
        id: randomUUID(),
        incidentId,
        entryId: attachment.entry ? idByKey.get(attachment.entry)! : null,
        filename: attachment.filename,
        mediaType: attachment.mediaType,
        size: attachment.size,
        sha256: attachment.sha256,
        caption: attachment.caption,
        data: Buffer.from(attachment.data!),
      },
    });
  }
  const snapshot = toIncident(await tx.incident.findUniqueOrThrow({ where: { id: incidentId } }));
  await recordRevision(tx, { incidentId, entityType: "incident", entityId: incidentId, action: existing ? "update" : "create", author, snapshot });
  return Boolean(existing);
}

/** One incident in portable form, with attachment bytes when `withData` is set. */
export async function exportIncident(db: Db, slug: string, withData = true): Promise<PortableIncident> {
  const document = await getIncidentDocument(db, slug);
  const data = new Map<string, Uint8Array>();
  if (withData && document.attachments.length) {
    const rows = await db.attachment.findMany({ where: { id: { in: document.attachments.map((a) => a.id) } }, select: { id: true, data: true } });
    for (const row of rows) data.set(row.id, new Uint8Array(row.data));
  }
  return toPortable(document, data);
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
