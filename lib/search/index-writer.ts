import type { Tx } from "../db/client";
import { bulkInsert } from "../db/bulk-insert";
import type { DatabaseProvider } from "../db/config";
import type { Incident as IncidentRow } from "../db/generated/sqlite/client";
import { documentIdBase, LIBRARY_NO, SEQUENCE_SPAN } from "./layout";
import { markdownToPlainText, singleLine } from "./plain-text";
import { searchSources, sourceOfKind, type LibraryDocuments, type SearchDocumentInput, type SearchSource } from "./sources";
import { indexText } from "./index-text";

/**
 * Keeps the search index in step with the data, inside the caller's transaction: a write and its
 * index update commit or roll back together. Every statement here is the same SQL on SQLite and
 * PostgreSQL (search_index has the same columns on both), so services need not know the database.
 */

/**
 * Bump when tokenizing or document shapes change: older indexes are then rebuilt before use.
 * 2: checklist items and runbook steps (library documents).
 * 3: pair terms for runs of single-character words (index-text.ts).
 */
export const SEARCH_FORMAT_VERSION = 3;

function incidentFacets(row: IncidentRow) {
  return {
    slug: row.slug,
    title: row.title,
    status: row.status,
    severity: row.severity,
    services: row.services,
    tags: row.tags,
    at: row.detectedAt ?? row.startedAt ?? row.createdAt,
  };
}

/** The incident's number in document ids, registering the incident on first use; LIBRARY_NO for none. */
async function incidentNumber(tx: Tx, incidentId: string | null): Promise<number> {
  if (incidentId === null) return LIBRARY_NO;
  const known = await tx.searchIncident.findUnique({ where: { incidentId }, select: { no: true } });
  if (known) return known.no;
  const incident = await tx.incident.findUniqueOrThrow({ where: { id: incidentId } });
  return (await tx.searchIncident.create({ data: { incidentId, ...incidentFacets(incident) }, select: { no: true } })).no;
}

async function nextDocumentId(tx: Tx, incidentNo: number, source: SearchSource): Promise<bigint> {
  // Touching the incident's row (library documents: the index state row) serialises concurrent id
  // allocation for it on PostgreSQL.
  if (incidentNo === LIBRARY_NO) await tx.$executeRaw`UPDATE "SearchIndexState" SET "id" = "id" WHERE "id" = 1`;
  else await tx.$executeRaw`UPDATE "SearchIncident" SET "no" = "no" WHERE "no" = ${incidentNo}`;
  const base = BigInt(documentIdBase(incidentNo, source.code));
  const end = base + BigInt(SEQUENCE_SPAN);
  const last = await tx.searchDocument.findFirst({ where: { id: { gt: base, lt: end } }, orderBy: { id: "desc" }, select: { id: true } });
  const next = (last?.id ?? base) + 1n;
  if (next >= end) throw new Error(`search index: incident ${incidentNo} has no free ${source.kind} document ids; run "casebook search reindex"`);
  return next;
}

function storedText(doc: SearchDocumentInput) {
  return { title: singleLine(doc.title), body: markdownToPlainText(doc.body) };
}

async function writeDocument(tx: Tx, source: SearchSource, doc: SearchDocumentInput, existingId: bigint | undefined): Promise<void> {
  const id = existingId ?? (await nextDocumentId(tx, await incidentNumber(tx, doc.incidentId), source));
  const { title, body } = storedText(doc);
  const data = { incidentId: doc.incidentId, type: source.kind, entityId: doc.entityId, handle: doc.handle, detail: doc.detail ?? "", title, body, at: doc.at ?? null };
  if (existingId === undefined) {
    await tx.searchDocument.create({ data: { id, ...data } });
  } else {
    await tx.$executeRaw`DELETE FROM search_index WHERE rowid = ${id}`;
    await tx.searchDocument.update({ where: { id }, data });
  }
  await tx.$executeRaw`INSERT INTO search_index (rowid, title, body) VALUES (${id}, ${indexText(title)}, ${indexText(body)})`;
}

async function deleteDocument(tx: Tx, id: bigint): Promise<void> {
  await tx.$executeRaw`DELETE FROM search_index WHERE rowid = ${id}`;
  await tx.searchDocument.delete({ where: { id } });
}

/** Drops an incident and everything indexed under it. Call before deleting the incident row. */
async function removeIncident(tx: Tx, incidentId: string): Promise<void> {
  const known = await tx.searchIncident.findUnique({ where: { incidentId }, select: { no: true } });
  if (!known) return;
  await deleteIncidentDocuments(tx, [incidentId]);
  await tx.searchIncident.delete({ where: { incidentId } });
}

async function deleteIncidentDocuments(tx: Tx, incidentIds: string[]): Promise<void> {
  for (let i = 0; i < incidentIds.length; i += 500) {
    const chunk = incidentIds.slice(i, i + 500);
    const rows = await tx.searchIncident.findMany({ where: { incidentId: { in: chunk } }, select: { no: true } });
    for (const { no } of rows) {
      const [from, to] = [BigInt(documentIdBase(no, 0)), BigInt(documentIdBase(no + 1, 0))];
      await tx.$executeRaw`DELETE FROM search_index WHERE rowid >= ${from} AND rowid < ${to}`;
    }
    await tx.searchDocument.deleteMany({ where: { incidentId: { in: chunk } } });
  }
}

/**
 * Re-derives the documents of one entity from the data as it is now — after it was created, changed
 * or deleted. Kinds that are not indexed (links, action items) are ignored, so callers may pass any
 * revision entity type.
 */
async function sync(tx: Tx, kind: string, entityId: string): Promise<void> {
  const source = sourceOfKind(kind);
  if (!source) return;
  if (kind === "incident") {
    const incident = await tx.incident.findUnique({ where: { id: entityId } });
    if (!incident) return removeIncident(tx, entityId);
    const facets = incidentFacets(incident);
    await tx.searchIncident.upsert({ where: { incidentId: entityId }, create: { incidentId: entityId, ...facets }, update: facets });
  }
  const documents = await source.documentsOf(tx, entityId);
  const existing = await tx.searchDocument.findMany({ where: { type: kind, entityId }, select: { id: true, incidentId: true } });
  const existingByIncident = new Map(existing.map((row) => [row.incidentId, row.id]));
  for (const doc of documents) {
    await writeDocument(tx, source, doc, existingByIncident.get(doc.incidentId));
    existingByIncident.delete(doc.incidentId);
  }
  for (const staleId of existingByIncident.values()) await deleteDocument(tx, staleId);
}

/** Title and body as stored, to tell whether a library document changed. */
const sameText = (stored: { handle: string; detail: string; title: string; body: string }, doc: SearchDocumentInput) => {
  const { title, body } = storedText(doc);
  return stored.handle === doc.handle && stored.detail === (doc.detail ?? "") && stored.title === title && stored.body === body;
};

/**
 * Brings every document of a library kind in line with its source, writing only differences:
 * idempotent, so it can run at every start-up (runbook steps come from content files).
 */
async function syncLibraryKind(tx: Tx, kind: string, given?: LibraryDocuments): Promise<{ written: number; deleted: number }> {
  const source = sourceOfKind(kind);
  if (source?.scope !== "library") throw new Error(`search kind "${kind}" is not a library kind`);
  const { documents, keep } = given ?? (await source.documentsOfLibrary(tx));
  const { changed, stale } = await libraryDifferences(tx, kind, { documents, keep });
  for (const [doc, existingId] of changed) await writeDocument(tx, source, doc, existingId);
  for (const id of stale) await deleteDocument(tx, id);
  return { written: changed.length, deleted: stale.length };
}

/** What syncLibraryKind would write (documents new or changed, with their current ids) and delete. */
async function libraryDifferences(db: Tx, kind: string, { documents, keep }: LibraryDocuments) {
  const stored = new Map((await db.searchDocument.findMany({ where: { type: kind }, select: { id: true, entityId: true, handle: true, detail: true, title: true, body: true } })).map((row) => [row.entityId, row]));
  const changed: Array<[SearchDocumentInput, bigint | undefined]> = [];
  for (const doc of documents) {
    const existing = stored.get(doc.entityId);
    stored.delete(doc.entityId);
    if (!existing || !sameText(existing, doc)) changed.push([doc, existing?.id]);
  }
  const stale = [...stored].flatMap(([entityId, row]) => (keep?.(entityId) ? [] : [row.id]));
  return { changed, stale };
}

/** Every library document, from scratch, with multi-row inserts (rebuilds). */
async function indexLibraryInBulk(tx: Tx, provider: DatabaseProvider): Promise<number> {
  const [from, to] = [BigInt(documentIdBase(LIBRARY_NO, 0)), BigInt(documentIdBase(LIBRARY_NO, 0) + 2 ** 22)];
  await tx.$executeRaw`DELETE FROM search_index WHERE rowid >= ${from} AND rowid < ${to}`;
  await tx.searchDocument.deleteMany({ where: { incidentId: null } });
  let count = 0;
  for (const source of searchSources()) {
    if (source.scope !== "library") continue;
    const { documents } = await source.documentsOfLibrary(tx);
    count += await insertDocuments(tx, provider, source, documents, () => LIBRARY_NO);
  }
  return count;
}

/** Multi-row inserts of one kind's documents, numbered 1, 2, … per incident. */
async function insertDocuments(tx: Tx, provider: DatabaseProvider, source: SearchSource, documents: SearchDocumentInput[], numberOf: (doc: SearchDocumentInput) => number): Promise<number> {
  const nextSequence = new Map<number, number>();
  const documentRows: Record<string, unknown>[] = [];
  const indexRows: Record<string, unknown>[] = [];
  for (const doc of documents) {
    const no = numberOf(doc);
    const sequence = (nextSequence.get(no) ?? 0) + 1;
    if (sequence >= SEQUENCE_SPAN) throw new Error(`search index: more than ${SEQUENCE_SPAN - 1} ${source.kind} documents in one incident`);
    nextSequence.set(no, sequence);
    const id = documentIdBase(no, source.code) + sequence;
    const { title, body } = storedText(doc);
    documentRows.push({ id, incidentId: doc.incidentId, type: source.kind, entityId: doc.entityId, handle: doc.handle, detail: doc.detail ?? "", title, body, at: doc.at ?? null });
    indexRows.push({ rowid: id, title: indexText(title), body: indexText(body) });
  }
  await bulkInsert(tx, provider, "SearchDocument", documentRows);
  await bulkInsert(tx, provider, "search_index", indexRows);
  return documentRows.length;
}

const BULK_INCIDENTS_PER_ROUND = 200;
/**
 * Bulk writes of at least this many documents end by merging SQLite's full-text index into one
 * segment ('optimize'): a term's matches are then read from one place instead of from every segment
 * the inserts left behind — 10–15% off the full-text statements of a search on 100,000 entries, for
 * about a second of work per 100,000 documents. PostgreSQL's GIN index needs nothing of the kind.
 */
const OPTIMIZE_AFTER_DOCUMENTS = 5_000;

/**
 * Replaces everything indexed for these incidents with multi-row inserts (imports, rebuilds): per-row
 * statements cost minutes at 100,000 entries. Lessons shared with incidents outside the batch are
 * re-synced so their other copies match.
 */
async function indexIncidentsInBulk(tx: Tx, provider: DatabaseProvider, incidentIds: string[], sharedLessonIds: string[] = []): Promise<number> {
  await deleteIncidentDocuments(tx, incidentIds);
  let documents = 0;
  for (let i = 0; i < incidentIds.length; i += BULK_INCIDENTS_PER_ROUND) {
    const chunk = incidentIds.slice(i, i + BULK_INCIDENTS_PER_ROUND);
    await tx.searchIncident.deleteMany({ where: { incidentId: { in: chunk } } });
    // Numbers follow creation order, so "newest" in ranking windows means newest incidents.
    const incidents = await tx.incident.findMany({ where: { id: { in: chunk } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    await bulkInsert(tx, provider, "SearchIncident", incidents.map((row) => ({ incidentId: row.id, ...incidentFacets(row) })));
    const numbers = new Map((await tx.searchIncident.findMany({ where: { incidentId: { in: chunk } }, select: { no: true, incidentId: true } })).map((row) => [row.incidentId, row.no]));
    for (const source of searchSources()) {
      if (source.scope !== "incident") continue;
      documents += await insertDocuments(tx, provider, source, await source.documentsOfIncidents(tx, chunk), (doc) => numbers.get(doc.incidentId!)!);
    }
  }
  const batch = new Set(incidentIds);
  const elsewhere = new Set<string>();
  for (let i = 0; i < sharedLessonIds.length; i += 500) {
    const links = await tx.incidentLesson.findMany({ where: { lessonId: { in: sharedLessonIds.slice(i, i + 500) } }, select: { lessonId: true, incidentId: true } });
    for (const link of links) if (!batch.has(link.incidentId)) elsewhere.add(link.lessonId);
  }
  for (const lessonId of elsewhere) await sync(tx, "lesson", lessonId);
  if (documents >= OPTIMIZE_AFTER_DOCUMENTS) await optimizeFullText(tx, provider);
  return documents;
}

/** Merges SQLite's full-text index into one segment (same answers, faster reads); nothing on PostgreSQL. */
async function optimizeFullText(tx: Tx, provider: DatabaseProvider): Promise<void> {
  if (provider === "sqlite") await tx.$executeRawUnsafe("INSERT INTO search_index(search_index) VALUES('optimize')");
}

/** What services call, in the same transaction as their write. */
export const searchIndex = {
  sync,
  syncIncident: (tx: Tx, incidentId: string) => sync(tx, "incident", incidentId),
  syncEntry: (tx: Tx, entryId: string) => sync(tx, "entry", entryId),
  syncLesson: (tx: Tx, lessonId: string) => sync(tx, "lesson", lessonId),
  syncChecklistItem: (tx: Tx, itemId: string) => sync(tx, "checklist-item", itemId),
  syncLibraryKind,
  /** True when syncLibraryKind would change nothing (a read outside any transaction). */
  libraryIsCurrent: async (db: Tx, kind: string, documents: LibraryDocuments) => {
    const { changed, stale } = await libraryDifferences(db, kind, documents);
    return changed.length === 0 && stale.length === 0;
  },
  indexLibraryInBulk,
  removeIncident,
  indexIncidentsInBulk,
  optimizeFullText,
};
