import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db/client";
import { linkCreateSchema, linkKindProblem, type EntryKind, type EntryLink, type LinkCreate } from "../domain";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { parseInput } from "../validation/parse";
import { findEntryRow } from "./entries";
import { findIncidentRow, touchIncident } from "./incidents";
import { toLink } from "./mappers";
import { recordRevision } from "./revisions-record";

/** Creates a link inside an open transaction; shared by the API and by restoring deleted entries. */
export async function insertLink(tx: Tx, incident: { id: string; slug: string }, link: LinkCreate, author: string): Promise<EntryLink> {
  const from = await findEntryRow(tx, incident.id, incident.slug, link.from);
  const to = await findEntryRow(tx, incident.id, incident.slug, link.to);
  const problem = linkKindProblem(link.type, from.kind as EntryKind, to.kind as EntryKind);
  if (problem) throw new InvalidInputError(`cannot link "${link.from}" → "${link.to}": ${problem}`);
  const existing = await tx.entryLink.findUnique({ where: { fromEntryId_toEntryId_type: { fromEntryId: from.id, toEntryId: to.id, type: link.type } } });
  if (existing) throw new ConflictError(`"${link.from}" already ${link.type} "${link.to}"`);
  const row = await tx.entryLink.create({
    data: { id: randomUUID(), incidentId: incident.id, fromEntryId: from.id, toEntryId: to.id, type: link.type, note: link.note },
  });
  const created = toLink(row, new Map([[from.id, from.key], [to.id, to.key]]));
  await recordRevision(tx, { incidentId: incident.id, entityType: "link", entityId: row.id, action: "create", author, snapshot: created });
  return created;
}

export async function listLinks(db: Db, slug: string): Promise<EntryLink[]> {
  const incident = await findIncidentRow(db, slug);
  const rows = await db.entryLink.findMany({
    where: { incidentId: incident.id },
    include: { fromEntry: { select: { id: true, key: true } }, toEntry: { select: { id: true, key: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => toLink(row, new Map([[row.fromEntry.id, row.fromEntry.key], [row.toEntry.id, row.toEntry.key]])));
}

export async function addLink(db: Db, slug: string, input: unknown, author = ""): Promise<EntryLink> {
  const link = parseInput(linkCreateSchema, input, "link");
  return db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, slug);
    const created = await insertLink(tx, incident, link, author);
    await touchIncident(tx, incident.id);
    return created;
  });
}

export async function deleteLink(db: Db, slug: string, linkId: string, author = ""): Promise<void> {
  await db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, slug);
    const row = await tx.entryLink.findFirst({
      where: { id: linkId, incidentId: incident.id },
      include: { fromEntry: { select: { id: true, key: true } }, toEntry: { select: { id: true, key: true } } },
    });
    if (!row) throw new NotFoundError(`incident "${slug}" has no link "${linkId}"`);
    await tx.entryLink.delete({ where: { id: row.id } });
    await touchIncident(tx, incident.id);
    const snapshot = toLink(row, new Map([[row.fromEntry.id, row.fromEntry.key], [row.toEntry.id, row.toEntry.key]]));
    await recordRevision(tx, { incidentId: incident.id, entityType: "link", entityId: row.id, action: "delete", author, snapshot });
  });
}

