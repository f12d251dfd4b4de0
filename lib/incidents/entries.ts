import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db/client";
import { retryOnUniqueRace } from "../db/unique-race";
import {
  entryCreateSchema,
  entryUpdateSchema,
  resolveEntryTime,
  slugify,
  uniqueKey,
  type EntryCreate,
  type TimelineEntry,
} from "../domain";
import { ConflictError, NotFoundError } from "../errors";
import { searchIndex } from "../search/index-writer";
import { parseInput } from "../validation/parse";
import { findIncidentRow, touchIncident } from "./incidents";
import { toEntry } from "./mappers";
import { recordRevision } from "./revisions-record";

type IncidentRow = Awaited<ReturnType<typeof findIncidentRow>>;
type EntryRow = Awaited<ReturnType<typeof findEntryRow>>;

/** Day 1 of a timeline: its first entry, else when the incident was detected or started. */
async function timelineAnchors(tx: Tx, incident: IncidentRow) {
  const [first, last] = await Promise.all([
    tx.timelineEntry.findFirst({ where: { incidentId: incident.id }, orderBy: { at: "asc" }, select: { at: true } }),
    tx.timelineEntry.findFirst({ where: { incidentId: incident.id }, orderBy: { at: "desc" }, select: { at: true } }),
  ]);
  const origin = first?.at ?? incident.detectedAt ?? incident.startedAt;
  return { origin: origin?.toISOString() ?? null, last: last?.at.toISOString() ?? null };
}

export async function findEntryRow(tx: Db | Tx, incidentId: string, slug: string, key: string) {
  const row = await tx.timelineEntry.findUnique({ where: { incidentId_key: { incidentId, key } } });
  if (!row) throw new NotFoundError(`incident "${slug}" has no entry "${key}"`);
  return row;
}

export async function listEntries(db: Db, slug: string): Promise<TimelineEntry[]> {
  const incident = await findIncidentRow(db, slug);
  const rows = await db.timelineEntry.findMany({ where: { incidentId: incident.id }, orderBy: [{ at: "asc" }, { key: "asc" }] });
  return rows.map(toEntry);
}

export async function getEntry(db: Db, slug: string, key: string): Promise<TimelineEntry> {
  const incident = await findIncidentRow(db, slug);
  return toEntry(await findEntryRow(db, incident.id, slug, key));
}

export async function addEntry(db: Db, slug: string, input: unknown): Promise<TimelineEntry> {
  const data = parseInput(entryCreateSchema, input, "entry");
  const conflict = `incident "${slug}" already has an entry "${data.key}"`;
  return retryOnUniqueRace(
    () => db.$transaction(async (tx) => insertEntry(tx, await findIncidentRow(tx, slug), data)),
    { keyChosenByClient: Boolean(data.key), conflict },
  );
}

/**
 * Creates an entry inside an open transaction (time resolved against the timeline, key made unique,
 * search index and revision written); shared by the API and by guided triage, which adds an entry
 * and its links in one transaction.
 */
export async function insertEntry(tx: Tx, incident: IncidentRow, data: EntryCreate): Promise<TimelineEntry> {
  // Touching the incident first takes its row lock (PostgreSQL), so writers to one incident take
  // turns and the keys read below include every entry committed before this one.
  await touchIncident(tx, incident.id);
  const anchors = await timelineAnchors(tx, incident);
  const at = resolveEntryTime(data.at, { timeZone: incident.timezone, origin: anchors.origin, previous: anchors.last });
  const taken = new Set(
    (await tx.timelineEntry.findMany({ where: { incidentId: incident.id }, select: { key: true } })).map((row) => row.key),
  );
  if (data.key && taken.has(data.key)) throw new ConflictError(`incident "${incident.slug}" already has an entry "${data.key}"`);
  const key = data.key ?? uniqueKey(slugify(data.title, data.kind), taken);
  const row = await tx.timelineEntry.create({
    data: {
      id: randomUUID(),
      incidentId: incident.id,
      key,
      at: new Date(at),
      kind: data.kind,
      title: data.title,
      body: data.body,
      author: data.author,
      statusOverride: data.statusOverride,
      statusReason: data.statusReason,
    },
  });
  await searchIndex.syncEntry(tx, row.id);
  const entry = toEntry(row);
  await recordRevision(tx, { incidentId: incident.id, entityType: "entry", entityId: row.id, action: "create", author: data.author, snapshot: entry });
  return entry;
}

export async function updateEntry(db: Db, slug: string, key: string, input: unknown, author = ""): Promise<TimelineEntry> {
  const { version, at, ...fields } = parseInput(entryUpdateSchema, input, "entry update");
  return db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, slug);
    const current = await findEntryRow(tx, incident.id, slug, key);
    const kind = fields.kind ?? current.kind;
    if ((fields.statusOverride ?? current.statusOverride) && kind !== "hypothesis") {
      throw new ConflictError(`entry "${key}" has a hypothesis status override; clear it before changing the kind`);
    }
    const anchors = await timelineAnchors(tx, incident);
    const resolvedAt =
      at === undefined
        ? undefined
        : new Date(resolveEntryTime(at, { timeZone: incident.timezone, origin: anchors.origin, previous: current.at.toISOString() }));
    const updated = await tx.timelineEntry.updateMany({
      where: { id: current.id, version },
      data: { ...fields, at: resolvedAt, version: { increment: 1 } },
    });
    if (updated.count === 0) {
      throw new ConflictError(`entry "${key}" was changed by someone else (you have version ${version}, current is ${current.version}); reload and try again`);
    }
    await touchIncident(tx, incident.id);
    await searchIndex.syncEntry(tx, current.id);
    const entry = toEntry(await tx.timelineEntry.findUniqueOrThrow({ where: { id: current.id } }));
    await recordRevision(tx, { incidentId: incident.id, entityType: "entry", entityId: current.id, action: "update", author: author || fields.author || "", snapshot: entry });
    return entry;
  });
}

export async function deleteEntry(db: Db, slug: string, key: string, version: number | undefined, author = ""): Promise<void> {
  await db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, slug);
    const current = await findEntryRow(tx, incident.id, slug, key);
    if (version !== undefined && version !== current.version) {
      throw new ConflictError(`entry "${key}" was changed by someone else (you have version ${version}, current is ${current.version})`);
    }
    await removeEntry(tx, incident.id, current, author);
  });
}

/** Deletes an entry inside an open transaction, keeping a restorable snapshot (shared with guided triage's undo). */
export async function removeEntry(tx: Tx, incidentId: string, current: EntryRow, author: string): Promise<void> {
  // The snapshot keeps the entry's links (they cascade away with it) so a restore brings them back.
  const linkRows = await tx.entryLink.findMany({
    where: { OR: [{ fromEntryId: current.id }, { toEntryId: current.id }] },
    include: { fromEntry: { select: { key: true } }, toEntry: { select: { key: true } } },
  });
  const links = linkRows.map((link) => ({ from: link.fromEntry.key, to: link.toEntry.key, type: link.type, note: link.note }));
  await tx.timelineEntry.delete({ where: { id: current.id } });
  await touchIncident(tx, incidentId);
  await searchIndex.syncEntry(tx, current.id);
  await recordRevision(tx, { incidentId, entityType: "entry", entityId: current.id, action: "delete", author, snapshot: { ...toEntry(current), links } });
}
