/**
 * Named checklists in backups: `casebook export` writes them to OUT/checklists.json (sorted, stable
 * text, so exporting twice gives the same bytes) and `casebook import` reads that file back in the
 * same transaction as the lessons whose items they list, replacing checklists of the same name.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db, Tx } from "../db/client";
import { InvalidInputError } from "../errors";
import { parseInput } from "../validation/parse";
import { checklistCreateSchema, type ChecklistCreate } from "./schema";

export const NAMED_CHECKLISTS_FILE = "checklists.json";

const fileSchema = z.array(checklistCreateSchema).max(10_000);

export async function exportNamedChecklists(db: Db): Promise<ChecklistCreate[]> {
  const rows = await db.checklist.findMany({
    orderBy: { name: "asc" },
    include: { entries: { orderBy: { position: "asc" }, include: { item: { select: { code: true } } } } },
  });
  return rows.map((row) => ({ name: row.name, title: row.title, description: row.description, items: row.entries.map((entry) => entry.item.code) }));
}

export function renderNamedChecklists(checklists: ChecklistCreate[]): string {
  return `${JSON.stringify(checklists, null, 2)}\n`;
}

/** Writes OUT/checklists.json when there is at least one named checklist; returns how many. */
export async function writeNamedChecklistsFile(outDir: string, checklists: ChecklistCreate[]): Promise<number> {
  const file = path.join(outDir, NAMED_CHECKLISTS_FILE);
  if (checklists.length === 0) {
    await fs.rm(file, { force: true });
    return 0;
  }
  await fs.mkdir(outDir, { recursive: true });
  await fs.writeFile(file, renderNamedChecklists(checklists), "utf8");
  return checklists.length;
}

/** ROOT/checklists.json validated (file: reason on problems), or [] when the file is absent. */
export async function readNamedChecklistsFile(root: string): Promise<ChecklistCreate[]> {
  const file = path.join(root, NAMED_CHECKLISTS_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch {
    return [];
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  return parseInput(fileSchema, data, file);
}

/** Replaces each named checklist by name; runs inside the import transaction (after the lessons). */
export async function importNamedChecklists(tx: Tx, checklists: ChecklistCreate[]): Promise<void> {
  for (const checklist of checklists) {
    const rows = await tx.checklistItem.findMany({ where: { code: { in: checklist.items } }, select: { id: true, code: true } });
    const idByCode = new Map(rows.map((row) => [row.code, row.id]));
    const unknown = checklist.items.filter((code) => !idByCode.has(code));
    if (unknown.length) throw new InvalidInputError(`${NAMED_CHECKLISTS_FILE}: checklist "${checklist.name}" lists unknown item(s) ${unknown.join(", ")}`);
    await tx.checklist.deleteMany({ where: { name: checklist.name } });
    const id = randomUUID();
    await tx.checklist.create({ data: { id, name: checklist.name, title: checklist.title, description: checklist.description } });
    await tx.checklistEntry.createMany({ data: checklist.items.map((code, position) => ({ checklistId: id, itemId: idByCode.get(code)!, position })) });
  }
}
