/**
 * Named checklists: an ordered selection of library items saved from the builder, exported by name
 * (`--checklist NAME`, `?checklist=NAME`). Writes carry the version read (409 when stale).
 */
import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db/client";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { parseInput } from "../validation/parse";
import { libraryItems, loadLibrary, type LibraryItem } from "./library";
import { checklistCreateSchema, checklistNameSchema, checklistUpdateSchema } from "./schema";

export interface ChecklistSummary {
  name: string;
  title: string;
  description: string;
  version: number;
  itemCount: number;
  updatedAt: string;
}

export interface NamedChecklist extends ChecklistSummary {
  items: LibraryItem[];
}

export async function listChecklists(db: Db): Promise<ChecklistSummary[]> {
  const rows = await db.checklist.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { entries: true } } } });
  return rows.map((row) => ({
    name: row.name,
    title: row.title,
    description: row.description,
    version: row.version,
    itemCount: row._count.entries,
    updatedAt: row.updatedAt.toISOString(),
  }));
}

async function notFound(db: Db | Tx, name: string): Promise<NotFoundError> {
  const names = (await db.checklist.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((row) => row.name);
  return new NotFoundError(`no checklist named "${name}"; saved checklists: ${names.length ? names.join(", ") : "(none yet — save one from the builder at /checklists)"}`);
}

/** `visibility` (lib/auth incidentVisibilityWhere): the items name only incidents the reader may see. */
export async function getChecklist(db: Db, rawName: string, visibility: object): Promise<NamedChecklist> {
  const name = String(rawName ?? "").trim();
  const row = await db.checklist.findUnique({ where: { name }, include: { entries: { orderBy: { position: "asc" }, include: { item: { select: { code: true } } } } } });
  if (!row) throw await notFound(db, name);
  const byCode = new Map(libraryItems(await loadLibrary(db, visibility)).map((item) => [item.code, item]));
  return {
    name: row.name,
    title: row.title,
    description: row.description,
    version: row.version,
    itemCount: row.entries.length,
    updatedAt: row.updatedAt.toISOString(),
    items: row.entries.map((entry) => byCode.get(entry.item.code)).filter((item): item is LibraryItem => item !== undefined),
  };
}

/** Item codes → row ids, or InvalidInputError naming the unknown codes. */
async function itemIds(tx: Tx, codes: string[]): Promise<string[]> {
  const rows = await tx.checklistItem.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } });
  const idByCode = new Map(rows.map((row) => [row.code, row.id]));
  const unknown = codes.filter((code) => !idByCode.has(code));
  if (unknown.length) {
    throw new InvalidInputError(`unknown checklist item${unknown.length > 1 ? "s" : ""} ${unknown.map((code) => `"${code}"`).join(", ")}; GET /api/v1/checklists/items lists them`, [
      { path: "items", message: `unknown: ${unknown.join(", ")}` },
    ]);
  }
  return codes.map((code) => idByCode.get(code)!);
}

async function writeEntries(tx: Tx, checklistId: string, ids: string[]) {
  await tx.checklistEntry.deleteMany({ where: { checklistId } });
  await tx.checklistEntry.createMany({ data: ids.map((itemId, position) => ({ checklistId, itemId, position })) });
}

export async function createChecklist(db: Db, input: unknown, visibility: object): Promise<NamedChecklist> {
  const data = parseInput(checklistCreateSchema, input, "checklist");
  const exists = () => new ConflictError(`a checklist named "${data.name}" already exists; choose another name or update it with its version`);
  try {
    await db.$transaction(async (tx) => {
      if (await tx.checklist.findUnique({ where: { name: data.name }, select: { id: true } })) throw exists();
      const ids = await itemIds(tx, data.items);
      const id = randomUUID();
      await tx.checklist.create({ data: { id, name: data.name, title: data.title, description: data.description } });
      await writeEntries(tx, id, ids);
    });
  } catch (error) {
    // Two saves of one name at once: the unique index stops the second.
    if ((error as { code?: unknown }).code === "P2002") throw exists();
    throw error;
  }
  return getChecklist(db, data.name, visibility);
}

export async function updateChecklist(db: Db, rawName: string, input: unknown, visibility: object): Promise<NamedChecklist> {
  const name = parseInput(checklistNameSchema, rawName, "checklist name");
  const { version, items, ...fields } = parseInput(checklistUpdateSchema, input, "checklist update");
  await db.$transaction(async (tx) => {
    const current = await tx.checklist.findUnique({ where: { name } });
    if (!current) throw await notFound(tx, name);
    const ids = items ? await itemIds(tx, items) : null;
    const updated = await tx.checklist.updateMany({ where: { id: current.id, version }, data: { ...fields, version: { increment: 1 } } });
    if (updated.count === 0) {
      throw new ConflictError(`checklist "${name}" was changed by someone else (you have version ${version}, current is ${current.version}); reload and try again`);
    }
    if (ids) await writeEntries(tx, current.id, ids);
  });
  return getChecklist(db, name, visibility);
}

export async function deleteChecklist(db: Db, rawName: string, version?: number): Promise<void> {
  const name = parseInput(checklistNameSchema, rawName, "checklist name");
  await db.$transaction(async (tx) => {
    const current = await tx.checklist.findUnique({ where: { name } });
    if (!current) throw await notFound(tx, name);
    if (version !== undefined && version !== current.version) {
      throw new ConflictError(`checklist "${name}" was changed by someone else (you have version ${version}, current is ${current.version}); reload and try again`);
    }
    await tx.checklist.delete({ where: { id: current.id } });
  });
}
