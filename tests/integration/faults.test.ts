import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeContentDir } from "@/lib/content/files";
import { createDbClient, type Db } from "@/lib/db/client";
import { resolveDatabaseConfig } from "@/lib/db/config";
import { rebuildSearchIndex } from "@/lib/search/rebuild";
import { generateIncident } from "../../bench/generate-incidents";
import { createLoadIncidents, runLoad, storedEntryKeys } from "../../bench/load-runner";
import { databaseKinds, type DatabaseKind } from "../support/databases";
import { createTestDatabase } from "../support/postgres";
import { apiHeaders, startProductionServer, type ProductionServer } from "../support/production-server";

/**
 * Crash safety of the production server: SIGKILL (no shutdown code runs) in the middle of a large
 * import and in the middle of a burst of writes, then restart and check the database: the import is
 * all-or-nothing and can simply be re-run, foreign keys hold, the search index agrees with a rebuild
 * from the rows, and every write the server acknowledged is there.
 */

const IMPORT_INCIDENTS = Number(process.env.FAULTS_IMPORT_INCIDENTS ?? 150);
const IMPORT_ENTRIES = 40;

async function databaseFor(kind: DatabaseKind): Promise<{ url: string; sqliteFile?: string; drop(): Promise<void> }> {
  if (kind === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-faults-"));
    const file = path.join(dir, "faults.db");
    return { url: `file:${file}`, sqliteFile: file, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  return createTestDatabase("faults");
}

/** The import as the API takes it: every generated incident rendered to its content file. */
async function importBody(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-faults-content-"));
  try {
    const incidents = Array.from({ length: IMPORT_INCIDENTS }, (_, i) => ({ ...generateIncident(i, IMPORT_ENTRIES), slug: `fault-import-${i}` }));
    await writeContentDir(dir, incidents);
    const files: Record<string, string> = {};
    for (const name of fs.readdirSync(dir).filter((file) => file.endsWith(".md"))) files[name] = fs.readFileSync(path.join(dir, name), "utf8");
    return JSON.stringify({ files });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows that point at nothing, per relation (the schema's foreign keys, checked by hand). */
async function orphans(db: Db): Promise<Record<string, number>> {
  const incidents = new Set((await db.incident.findMany({ select: { id: true } })).map((row) => row.id));
  const entries = new Set((await db.timelineEntry.findMany({ select: { id: true } })).map((row) => row.id));
  // Library documents (checklist items, runbook steps) belong to no incident: null is not an orphan.
  const count = (rows: { incidentId: string | null }[]) => rows.filter((row) => row.incidentId !== null && !incidents.has(row.incidentId)).length;
  const links = await db.entryLink.findMany({ select: { incidentId: true, fromEntryId: true, toEntryId: true } });
  return {
    entries: count(await db.timelineEntry.findMany({ select: { incidentId: true } })),
    links: count(links) + links.filter((link) => !entries.has(link.fromEntryId) || !entries.has(link.toEntryId)).length,
    actionItems: count(await db.actionItem.findMany({ select: { incidentId: true } })),
    revisions: count(await db.revision.findMany({ select: { incidentId: true } })),
    searchDocuments: count(await db.searchDocument.findMany({ select: { incidentId: true } })),
  };
}

/** The search documents as stored, and as a rebuild from the rows produces them: they must agree. */
async function searchIndexAgreesWithRows(db: Db): Promise<{ stored: number; rebuilt: number; differ: number }> {
  const snapshot = async () =>
    // Runbook steps come from content files (synced at the first search), not from database rows.
    (await db.searchDocument.findMany({ where: { type: { not: "runbook-step" } }, select: { type: true, entityId: true, incidentId: true, title: true, body: true } }))
      .map((doc) => `${doc.type}|${doc.entityId}|${doc.incidentId}|${doc.title}|${doc.body}`)
      .sort();
  const stored = await snapshot();
  await rebuildSearchIndex(db);
  const rebuilt = await snapshot();
  const rebuiltSet = new Set(rebuilt);
  return { stored: stored.length, rebuilt: rebuilt.length, differ: stored.filter((doc) => !rebuiltSet.has(doc)).length + Math.abs(stored.length - rebuilt.length) };
}

/** Resolves true once the database is in the middle of writing (an open write transaction). */
async function writeInProgress(kind: DatabaseKind, database: { url: string; sqliteFile?: string }, db: Db): Promise<boolean> {
  if (kind === "sqlite") {
    const journal = `${database.sqliteFile}-journal`;
    const wal = `${database.sqliteFile}-wal`;
    return (fs.existsSync(journal) && fs.statSync(journal).size > 0) || (fs.existsSync(wal) && fs.statSync(wal).size > 4 * 1024 * 1024);
  }
  const name = new URL(database.url).pathname.slice(1);
  const rows = await db.$queryRawUnsafe<{ n: bigint | number }[]>(
    `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()`,
    name,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

describe.each(databaseKinds)("SIGKILL during writes on %s", (kind) => {
  let database: Awaited<ReturnType<typeof databaseFor>>;
  let server: ProductionServer | undefined;
  let db: Db | undefined;
  const headers = apiHeaders();

  beforeAll(async () => {
    database = await databaseFor(kind);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await db?.$disconnect();
    await database?.drop();
  }, 120_000);

  const openDb = async () => (db ??= await createDbClient(resolveDatabaseConfig({ DATABASE_URL: database.url })));

  it("an import killed mid-transaction leaves nothing behind and simply runs again", async () => {
    server = await startProductionServer({ databaseUrl: database.url });
    const probeDb = await openDb();
    const baseline = await probeDb.incident.count();
    const body = await importBody();
    let finished = false;
    const request = fetch(`${server.baseUrl}/api/v1/import`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body }).then(
      async (response) => {
        finished = true;
        return `${response.status} ${(await response.text()).slice(0, 200)}`;
      },
      (error: Error) => `network error: ${error.message}`,
    );
    const deadline = Date.now() + 120_000;
    while (!finished && !(await writeInProgress(kind, database, probeDb)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 150)); // well inside the transaction
    expect(finished, "the import finished before the kill; raise FAULTS_IMPORT_INCIDENTS").toBe(false);
    await server.crash();
    expect(await request).toMatch(/^network error/);

    const fresh = await createDbClient(resolveDatabaseConfig({ DATABASE_URL: database.url }));
    try {
      const imported = await fresh.incident.count({ where: { slug: { startsWith: "fault-import-" } } });
      expect(imported).toBe(0);
      expect(await fresh.incident.count()).toBe(baseline);
      expect(await orphans(fresh)).toEqual({ entries: 0, links: 0, actionItems: 0, revisions: 0, searchDocuments: 0 });
      if (kind === "sqlite") expect(await fresh.$queryRawUnsafe("PRAGMA foreign_key_check")).toEqual([]);
      const index = await searchIndexAgreesWithRows(fresh);
      expect(index.differ).toBe(0);
    } finally {
      await fresh.$disconnect();
    }

    server = await startProductionServer({ databaseUrl: database.url });
    const rerun = await fetch(`${server.baseUrl}/api/v1/import`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body });
    expect(rerun.status, await rerun.clone().text()).toBe(200);
    const check = await openDb();
    expect(await check.incident.count({ where: { slug: { startsWith: "fault-import-" } } })).toBe(IMPORT_INCIDENTS);
    expect(await check.timelineEntry.count({ where: { incident: { slug: { startsWith: "fault-import-" } } } })).toBe(IMPORT_INCIDENTS * IMPORT_ENTRIES);
    expect(await orphans(check)).toEqual({ entries: 0, links: 0, actionItems: 0, revisions: 0, searchDocuments: 0 });
    expect((await searchIndexAgreesWithRows(check)).differ).toBe(0);
  }, 900_000);

  it("a burst of writes killed midway keeps every acknowledged entry", async () => {
    server ??= await startProductionServer({ databaseUrl: database.url });
    const slugs = await createLoadIncidents(server.baseUrl, 3, "fault-burst", headers);
    let crashing: Promise<void> | undefined;
    const crashAt = 120;
    const result = await runLoad({
      baseUrl: server.baseUrl,
      slugs,
      clients: 20,
      durationMs: 120_000,
      headers,
      writeShare: 0.9,
      onAcknowledged: (count) => {
        if (count === crashAt) crashing = server!.crash();
      },
      stop: () => crashing !== undefined,
    });
    await crashing;
    expect(result.acknowledged.length).toBeGreaterThanOrEqual(crashAt);
    // Only requests cut off by the kill may fail.
    const failures = [...result.outcomes].filter(([label]) => !/^(201|200|409) /.test(label) && !label.startsWith("network "));
    expect(failures).toEqual([]);

    server = await startProductionServer({ databaseUrl: database.url });
    const stored = await storedEntryKeys(server.baseUrl, slugs, headers);
    const missing = result.acknowledged.filter((entry) => !stored.has(`${entry.slug}/${entry.key}`));
    expect(missing).toEqual([]);
    // Writes in flight at the kill may or may not have committed; nothing else may appear.
    expect(stored.size - result.acknowledged.length).toBeLessThanOrEqual(20);
    const check = await openDb();
    expect(await orphans(check)).toEqual({ entries: 0, links: 0, actionItems: 0, revisions: 0, searchDocuments: 0 });
    expect((await searchIndexAgreesWithRows(check)).differ).toBe(0);
    // The server takes writes again after the restart.
    const after = await fetch(`${server.baseUrl}/api/v1/incidents/${slugs[0]}/entries`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ at: "2026-02-01T00:00:00Z", kind: "note", title: "after restart" }),
    });
    expect(after.status).toBe(201);
  }, 900_000);
});
