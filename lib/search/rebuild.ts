import { providerOf, type Db } from "../db/client";
import { SEARCH_FORMAT_VERSION, searchIndex } from "./index-writer";
import { runbookStepDocuments } from "./library-sources";

export interface RebuildResult {
  incidents: number;
  documents: number;
  seconds: number;
}

/** A full rebuild of 100,000 entries runs for minutes on a slow machine; the default 5 s is far too short. */
const REBUILD_TRANSACTION = { timeout: 30 * 60_000, maxWait: 60_000 };

/**
 * Rebuilds the whole index from the data in one transaction, then marks it current. Idempotent: the
 * result depends only on the data, so running it twice gives the same index.
 */
export async function rebuildSearchIndex(db: Db): Promise<RebuildResult> {
  const provider = providerOf(db);
  const started = performance.now();
  const result = await db.$transaction(async (tx) => {
    if (provider === "postgresql") {
      // Writers touching the index wait until the rebuild commits, so none of their changes is lost.
      await tx.$executeRawUnsafe('LOCK TABLE "SearchIncident", "SearchDocument", search_index IN EXCLUSIVE MODE');
      await tx.$executeRawUnsafe("DELETE FROM search_index");
    } else {
      await tx.$executeRawUnsafe("INSERT INTO search_index(search_index) VALUES('delete-all')");
    }
    await tx.searchDocument.deleteMany();
    await tx.searchIncident.deleteMany();
    const incidentIds = (await tx.incident.findMany({ select: { id: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((row) => row.id);
    const documents = (await searchIndex.indexIncidentsInBulk(tx, provider, incidentIds)) + (await searchIndex.indexLibraryInBulk(tx, provider));
    await tx.searchIndexState.upsert({ where: { id: 1 }, create: { id: 1, formatVersion: SEARCH_FORMAT_VERSION }, update: { formatVersion: SEARCH_FORMAT_VERSION } });
    return { incidents: incidentIds.length, documents };
  }, REBUILD_TRANSACTION);
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

/** True when the index was built by this version of the indexing code and kept in step since. */
export async function searchIndexIsCurrent(db: Db): Promise<boolean> {
  const state = await db.searchIndexState.findUnique({ where: { id: 1 } });
  return state?.formatVersion === SEARCH_FORMAT_VERSION;
}

const rebuilding = new WeakMap<Db, Promise<RebuildResult>>();

/**
 * Searches call this first. A database migrated while it already had incidents, or indexed by an
 * older format, has no current state row: it is rebuilt once (concurrent callers share the rebuild).
 */
export async function ensureSearchIndex(db: Db): Promise<void> {
  if (await searchIndexIsCurrent(db)) return;
  let pending = rebuilding.get(db);
  if (!pending) {
    pending = rebuildSearchIndex(db).finally(() => rebuilding.delete(db));
    rebuilding.set(db, pending);
  }
  await pending;
}

const runbookSync = new WeakMap<Db, Promise<void>>();
/** Writing changed steps is quick; the default 5 s is not when the machine is busy. */
const RUNBOOK_SYNC_TRANSACTION = { timeout: 60_000, maxWait: 30_000 };

/**
 * Runbook steps come from content files that ship with the build, so they can only have changed since
 * the previous process: the first search of each process re-syncs them — an idempotent comparison
 * that writes only differences. The files are read and compared outside any transaction; only when
 * something changed does a short transaction compare again and write. A failure does not fail the
 * search (it is reported, the steps stay as indexed) and is retried by the next search.
 */
export function syncRunbookStepsOnce(db: Db): Promise<void> {
  let pending = runbookSync.get(db);
  if (!pending) {
    pending = (async () => {
      const documents = await runbookStepDocuments();
      if (await searchIndex.libraryIsCurrent(db, "runbook-step", documents)) return;
      await db.$transaction((tx) => searchIndex.syncLibraryKind(tx, "runbook-step", documents), RUNBOOK_SYNC_TRANSACTION);
    })().catch((error: unknown) => {
      runbookSync.delete(db);
      console.error(`search: runbook steps not re-indexed this time: ${(error as Error).message}`);
    });
    runbookSync.set(db, pending);
  }
  return pending;
}
