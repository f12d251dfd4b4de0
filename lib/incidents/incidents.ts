import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db/client";
import {
  incidentCreateSchema,
  incidentListQuerySchema,
  incidentUpdateSchema,
  type Incident,
  type IncidentCreate,
  type IncidentDocument,
  type IncidentListQuery,
  type IncidentUpdate,
} from "../domain";
import { ConflictError, NotFoundError } from "../errors";
import { searchIndex } from "../search/index-writer";
import { parseInput } from "../validation/parse";
import { toActionItem, toAttachment, toEntry, toIncident, toLesson, toLink } from "./mappers";
import { recordRevision } from "./revisions-record";

export interface IncidentSummary extends Incident {
  entryCount: number;
  hypothesisCount: number;
}

type IncidentFields = Partial<Omit<IncidentCreate, "author">>;

/** Domain fields → database columns (JSON text for lists and facts, Dates for times). */
export function incidentColumns(fields: IncidentFields) {
  const toDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));
  const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));
  return {
    slug: fields.slug,
    title: fields.title,
    titleOriginal: fields.titleOriginal,
    summary: fields.summary,
    summaryOriginal: fields.summaryOriginal,
    originalLanguage: fields.originalLanguage,
    status: fields.status,
    severity: fields.severity,
    services: json(fields.services),
    tags: json(fields.tags),
    timezone: fields.timezone,
    startedAt: toDate(fields.startedAt),
    detectedAt: toDate(fields.detectedAt),
    resolvedAt: toDate(fields.resolvedAt),
    impact: fields.impact,
    facts: json(fields.facts),
    rootCause: fields.rootCause,
    contributingFactors: json(fields.contributingFactors),
  };
}

/** `visibility`: the viewer's filter from lib/auth incidentVisibilityWhere (restricted incidents); {} = all. */
export async function listIncidents(db: Db, rawQuery: unknown = {}, visibility: object = {}): Promise<IncidentSummary[]> {
  const query: IncidentListQuery = parseInput(incidentListQuerySchema, rawQuery, "filter");
  const rows = await db.incident.findMany({
    where: {
      ...visibility,
      status: query.status,
      severity: query.severity,
      // Lists are JSON text: an exact JSON-encoded item cannot match a longer item or a prefix.
      services: query.service ? { contains: JSON.stringify(query.service) } : undefined,
      tags: query.tag ? { contains: JSON.stringify(query.tag) } : undefined,
    },
    include: { _count: { select: { entries: true } } },
    orderBy: [{ detectedAt: "desc" }, { createdAt: "desc" }],
  });
  const hypothesisCounts = await db.timelineEntry.groupBy({
    by: ["incidentId"],
    where: { kind: "hypothesis", incidentId: { in: rows.map((row) => row.id) } },
    _count: { _all: true },
  });
  const hypothesesByIncident = new Map(hypothesisCounts.map((row) => [row.incidentId, row._count._all]));
  const needle = query.q?.toLocaleLowerCase();
  return rows
    .map((row) => ({ ...toIncident(row), entryCount: row._count.entries, hypothesisCount: hypothesesByIncident.get(row.id) ?? 0 }))
    .filter((incident) => !needle || `${incident.title} ${incident.titleOriginal} ${incident.slug}`.toLocaleLowerCase().includes(needle));
}

export async function findIncidentRow(db: Db | Tx, slug: string) {
  const row = await db.incident.findUnique({ where: { slug } });
  if (!row) throw new NotFoundError(`no incident with slug "${slug}"`);
  return row;
}

export async function getIncident(db: Db, slug: string): Promise<Incident> {
  return toIncident(await findIncidentRow(db, slug));
}

export async function getIncidentDocument(db: Db | Tx, slug: string): Promise<IncidentDocument> {
  const row = await db.incident.findUnique({
    where: { slug },
    include: {
      entries: { orderBy: [{ at: "asc" }, { key: "asc" }] },
      links: { orderBy: { createdAt: "asc" } },
      actionItems: { orderBy: [{ position: "asc" }, { key: "asc" }] },
      lessons: { include: { lesson: true }, orderBy: { position: "asc" } },
      attachments: { omit: { data: true }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!row) throw new NotFoundError(`no incident with slug "${slug}"`);
  const keyById = new Map(row.entries.map((entry) => [entry.id, entry.key]));
  return {
    incident: toIncident(row),
    entries: row.entries.map(toEntry),
    links: row.links.map((link) => toLink(link, keyById)),
    actionItems: row.actionItems.map(toActionItem),
    lessons: row.lessons.map((item) => toLesson(item.lesson)),
    attachments: row.attachments.map((attachment) => toAttachment(attachment, keyById)),
  };
}

export async function createIncident(db: Db, input: unknown): Promise<Incident> {
  const data = parseInput(incidentCreateSchema, input, "incident");
  const { author = "", ...fields } = data;
  return db.$transaction(async (tx) => {
    if (await tx.incident.findUnique({ where: { slug: fields.slug }, select: { id: true } })) {
      throw new ConflictError(`an incident with slug "${fields.slug}" already exists`);
    }
    const row = await tx.incident.create({ data: { id: randomUUID(), ...incidentColumns(fields), slug: fields.slug, title: fields.title, status: fields.status, severity: fields.severity } });
    const incident = toIncident(row);
    await recordRevision(tx, { incidentId: row.id, entityType: "incident", entityId: row.id, action: "create", author, snapshot: incident });
    await searchIndex.syncIncident(tx, row.id);
    return incident;
  });
}

/** Applies an update only if the client's version is current; otherwise 409 and nothing changes. */
export async function updateIncident(db: Db, slug: string, input: unknown): Promise<Incident> {
  const data: IncidentUpdate = parseInput(incidentUpdateSchema, input, "incident update");
  const { version, author = "", ...fields } = data;
  return db.$transaction(async (tx) => {
    const current = await findIncidentRow(tx, slug);
    if (fields.slug && fields.slug !== slug && (await tx.incident.findUnique({ where: { slug: fields.slug }, select: { id: true } }))) {
      throw new ConflictError(`an incident with slug "${fields.slug}" already exists`);
    }
    const updated = await tx.incident.updateMany({
      where: { id: current.id, version },
      data: { ...incidentColumns(fields), version: { increment: 1 } },
    });
    if (updated.count === 0) {
      throw new ConflictError(`incident "${slug}" was changed by someone else (you have version ${version}, current is ${current.version}); reload and try again`);
    }
    const incident = toIncident(await tx.incident.findUniqueOrThrow({ where: { id: current.id } }));
    await recordRevision(tx, { incidentId: current.id, entityType: "incident", entityId: current.id, action: "update", author, snapshot: incident });
    await searchIndex.syncIncident(tx, current.id);
    return incident;
  });
}

export async function deleteIncident(db: Db, slug: string, version?: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await findIncidentRow(tx, slug);
    if (version !== undefined && version !== current.version) {
      throw new ConflictError(`incident "${slug}" was changed by someone else (you have version ${version}, current is ${current.version})`);
    }
    await searchIndex.removeIncident(tx, current.id);
    await tx.incident.delete({ where: { id: current.id } });
  });
}

/**
 * Marks the incident as changed when something inside it changes (lists sort by last change). The
 * new updatedAt is strictly later than the old one even for two writes in the same millisecond or a
 * clock that stepped back: the incident page keeps documents by (id, version, updatedAt) and must
 * see every write (document-cache.ts).
 */
export async function touchIncident(tx: Tx, incidentId: string): Promise<void> {
  const now = new Date();
  // The row lock taken by this UPDATE orders concurrent writers; the second one re-checks the condition.
  const moved = await tx.incident.updateMany({ where: { id: incidentId, updatedAt: { lt: now } }, data: { updatedAt: now } });
  if (moved.count > 0) return;
  const current = await tx.incident.findUnique({ where: { id: incidentId }, select: { updatedAt: true } });
  if (current) await tx.incident.update({ where: { id: incidentId }, data: { updatedAt: new Date(current.updatedAt.getTime() + 1) } });
}
