import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db/client";
import { retryOnUniqueRace } from "../db/unique-race";
import { actionItemCreateSchema, actionItemUpdateSchema, slugify, uniqueKey, type ActionItem } from "../domain";
import { ConflictError, NotFoundError } from "../errors";
import { parseInput } from "../validation/parse";
import { findIncidentRow, touchIncident } from "./incidents";
import { toActionItem } from "./mappers";
import { recordRevision } from "./revisions-record";

const toDueDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(`${value}T00:00:00Z`));

export async function listActionItems(db: Db, slug: string): Promise<ActionItem[]> {
  const incident = await findIncidentRow(db, slug);
  const rows = await db.actionItem.findMany({ where: { incidentId: incident.id }, orderBy: [{ position: "asc" }, { key: "asc" }] });
  return rows.map(toActionItem);
}

export async function addActionItem(db: Db, slug: string, input: unknown, author = ""): Promise<ActionItem> {
  const data = parseInput(actionItemCreateSchema, input, "action item");
  const conflict = `incident "${slug}" already has an action item "${data.key}"`;
  return retryOnUniqueRace(() => db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, slug);
    await touchIncident(tx, incident.id); // the incident's row lock first: writers take turns (see addEntry)
    const existing = await tx.actionItem.findMany({ where: { incidentId: incident.id }, select: { key: true, position: true } });
    const taken = new Set(existing.map((row) => row.key));
    if (data.key && taken.has(data.key)) throw new ConflictError(`incident "${slug}" already has an action item "${data.key}"`);
    const row = await tx.actionItem.create({
      data: {
        id: randomUUID(),
        incidentId: incident.id,
        key: data.key ?? uniqueKey(slugify(data.title, "action"), taken),
        title: data.title,
        owner: data.owner,
        dueDate: toDueDate(data.dueDate),
        type: data.type,
        status: data.status,
        externalLink: data.externalLink,
        position: existing.reduce((max, row) => Math.max(max, row.position + 1), 0),
      },
    });
    const item = toActionItem(row);
    await recordRevision(tx, { incidentId: incident.id, entityType: "action-item", entityId: row.id, action: "create", author, snapshot: item });
    return item;
  }), { keyChosenByClient: Boolean(data.key), conflict });
}

async function findActionItemRow(db: Db | Tx, incidentId: string, slug: string, key: string) {
  const row = await db.actionItem.findUnique({ where: { incidentId_key: { incidentId, key } } });
  if (!row) throw new NotFoundError(`incident "${slug}" has no action item "${key}"`);
  return row;
}

export async function updateActionItem(db: Db, slug: string, key: string, input: unknown, author = ""): Promise<ActionItem> {
  const { version, dueDate, ...fields } = parseInput(actionItemUpdateSchema, input, "action item update");
  return db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, slug);
    const current = await findActionItemRow(tx, incident.id, slug, key);
    const updated = await tx.actionItem.updateMany({
      where: { id: current.id, version },
      data: { ...fields, dueDate: toDueDate(dueDate), version: { increment: 1 } },
    });
    if (updated.count === 0) {
      throw new ConflictError(`action item "${key}" was changed by someone else (you have version ${version}, current is ${current.version}); reload and try again`);
    }
    await touchIncident(tx, incident.id);
    const item = toActionItem(await tx.actionItem.findUniqueOrThrow({ where: { id: current.id } }));
    await recordRevision(tx, { incidentId: incident.id, entityType: "action-item", entityId: current.id, action: "update", author, snapshot: item });
    return item;
  });
}

export async function deleteActionItem(db: Db, slug: string, key: string, author = ""): Promise<void> {
  await db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, slug);
    const current = await findActionItemRow(tx, incident.id, slug, key);
    await tx.actionItem.delete({ where: { id: current.id } });
    await touchIncident(tx, incident.id);
    await recordRevision(tx, { incidentId: incident.id, entityType: "action-item", entityId: current.id, action: "delete", author, snapshot: toActionItem(current) });
  });
}
