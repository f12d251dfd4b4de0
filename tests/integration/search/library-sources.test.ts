import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importLessonEntries } from "@/lib/checklists/library";
import type { PortableLessonEntry } from "@/lib/checklists/schema";
import { createIncident } from "@/lib/incidents/incidents";
import { searchIndex } from "@/lib/search/index-writer";
import { setRunbookContentRoot } from "@/lib/search/library-sources";
import { rebuildSearchIndex } from "@/lib/search/rebuild";
import { searchKnowledgeBase } from "@/lib/search/service";
import { databaseKinds, openTestDb, type TestDb } from "../../support/databases";

/** Checklist items (database) and runbook steps (content files): library documents without an incident. */

const RUNBOOK_SOURCE = path.join(__dirname, "../../../content/runbooks/memory-leak");

function lesson(items: PortableLessonEntry["items"]): PortableLessonEntry {
  return { slug: "own-the-keys", title: "Own the keys you create", tags: ["memory-leak"], incidents: [], body: "Whoever creates a key frees it.", items };
}

const ITEM = (id: string, question: string, why: string): PortableLessonEntry["items"][number] => ({
  id,
  severity: "high",
  question,
  why,
  appliesTo: { languages: ["c"], paths: ["src/cluster*.c"], patterns: [] },
});

const hitsOf = async (t: TestDb, q: string, kind?: string) =>
  (await searchKnowledgeBase(t.db, { q, kind, limit: 50 })).results.map((hit) => `${hit.type}:${hit.id}`).sort();

describe.each(databaseKinds)("search over checklist items and runbook steps on %s", (kind) => {
  let t: TestDb;
  let contentRoot: string;
  beforeAll(async () => {
    t = await openTestDb(kind, "search_library");
    // A private copy of the runbook content, so the test can edit step files.
    contentRoot = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-search-runbooks-"));
    fs.cpSync(RUNBOOK_SOURCE, path.join(contentRoot, "runbooks", "memory-leak"), { recursive: true });
    setRunbookContentRoot(contentRoot);
    await createIncident(t.db, { slug: "slot-leak", title: "Slot migration leak", summary: "Keys leaked while migrating slots.", status: "resolved", severity: "sev2", timezone: "UTC", detectedAt: "2024-03-01T08:00:00Z" });
  });
  afterAll(async () => {
    setRunbookContentRoot(undefined);
    fs.rmSync(contentRoot, { recursive: true, force: true });
    await t?.close();
  });

  it("indexes checklist items as the library import writes them, Chinese text included", async () => {
    const items = [
      ITEM("MEM-OWN-01", "Who frees the keys getKeysInSlot returns?", "迁移槽位时返回的键没有释放，导致内存泄漏。"),
      ITEM("MEM-OWN-02", "Does every early return free the reply buffer?", "An early return skipped the free of the reply."),
    ];
    await t.db.$transaction((tx) => importLessonEntries(tx, [lesson(items)]));
    const result = await searchKnowledgeBase(t.db, { q: "内存泄漏", kind: "checklist-item" });
    expect(result.results).toHaveLength(1);
    expect(result.results[0]).toMatchObject({ type: "checklist-item", id: "MEM-OWN-01", incident: null, detail: "high", url: "/checklists#item-MEM-OWN-01" });
    expect(result.results[0].snippet).toContain("<mark>内存泄漏</mark>");
    expect(await hitsOf(t, "释放")).toEqual(["checklist-item:MEM-OWN-01"]);
    expect(await hitsOf(t, '"reply buffer"')).toEqual(["checklist-item:MEM-OWN-02"]);
  });

  it("follows items being changed and dropped by a later import", async () => {
    const items = [ITEM("MEM-OWN-01", "Who frees the keys getKeysInSlot returns?", "槽位迁移后键的所有权必须明确。")];
    await t.db.$transaction((tx) => importLessonEntries(tx, [lesson(items)]));
    expect(await hitsOf(t, "释放")).toEqual([]);
    expect(await hitsOf(t, "所有权")).toEqual(["checklist-item:MEM-OWN-01"]);
    expect(await hitsOf(t, '"reply buffer"')).toEqual([]);
    expect(await t.db.searchDocument.count({ where: { type: "checklist-item" } })).toBe(1);
  });

  it("a failed import leaves items and their search documents as they were", async () => {
    const bad = lesson([ITEM("MEM-OWN-01", "Who frees the replies?", "Rolled back.")]);
    await expect(
      t.db.$transaction(async (tx) => {
        await importLessonEntries(tx, [bad]);
        throw new Error("the rest of the import failed");
      }),
    ).rejects.toThrow("the rest of the import failed");
    expect(await hitsOf(t, "所有权")).toEqual(["checklist-item:MEM-OWN-01"]);
    expect(await hitsOf(t, "rolled")).toEqual([]);
  });

  it("finds runbook steps from the content files, linked to the runbook page", async () => {
    const result = await searchKnowledgeBase(t.db, { q: "jeprof", kind: "runbook-step" });
    expect(result.results.length).toBeGreaterThan(0);
    expect(result.results[0]).toMatchObject({ type: "runbook-step", id: "jemalloc-heap-profile", incident: null, detail: "narrow", url: "/runbooks#step-jemalloc-heap-profile" });
    expect(result.results[0].titleHtml).toContain("<mark>jeprof</mark>");
  });

  it("counts library hits in the kind facet; incident filters leave them out; each is a result group", async () => {
    const all = await searchKnowledgeBase(t.db, { q: "getKeysInSlot" });
    const kinds = Object.fromEntries(all.facets.kind.map((value) => [value.value, value]));
    expect(kinds["checklist-item"]).toMatchObject({ count: 1, label: "Checklist items" });
    expect(kinds["runbook-step"]?.count).toBeGreaterThan(0);
    expect(all.total).toBe(all.facets.kind.reduce((sum, value) => sum + value.count, 0));
    expect(all.totalGroups).toBe(all.totalIncidents + kinds["checklist-item"].count + kinds["runbook-step"].count);
    expect(all.facets.status).toEqual([]); // no incident matches getKeysInSlot
    const resolved = await searchKnowledgeBase(t.db, { q: "slot*", status: "resolved" });
    expect(resolved.results.length).toBeGreaterThan(0);
    expect(resolved.results.every((hit) => hit.incident?.slug === "slot-leak")).toBe(true);
    const paged = await searchKnowledgeBase(t.db, { q: "getKeysInSlot", limit: 1, offset: 1 });
    expect(paged.results).toHaveLength(1);
  });

  it("re-syncs runbook steps idempotently when their files change", async () => {
    const runbooks = path.join(contentRoot, "runbooks");
    const file = path.join(runbooks, "memory-leak", "130-jemalloc-heap-profile.md");
    const original = fs.readFileSync(file, "utf8");
    const sync = () => t.db.$transaction((tx) => searchIndex.syncLibraryKind(tx, "runbook-step"));
    fs.writeFileSync(file, original.replace("title: Profile the heap with jemalloc and jeprof", "title: Profile the heap with jemalloc and jeprof 采样"));
    expect(await sync()).toEqual({ written: 1, deleted: 0 });
    expect(await sync()).toEqual({ written: 0, deleted: 0 });
    expect(await hitsOf(t, "采样")).toEqual(["runbook-step:jemalloc-heap-profile"]);
    // A broken edit (other steps lead to this one) keeps the runbook's steps as they were indexed.
    fs.rmSync(file);
    expect(await sync()).toEqual({ written: 0, deleted: 0 });
    expect(await hitsOf(t, "采样")).toEqual(["runbook-step:jemalloc-heap-profile"]);
    fs.writeFileSync(file, original);
    expect(await sync()).toEqual({ written: 1, deleted: 0 });
    expect(await hitsOf(t, "采样")).toEqual([]);
    // A runbook added, then removed.
    fs.cpSync(path.join(runbooks, "memory-leak"), path.join(runbooks, "second"), { recursive: true });
    const steps = fs.readdirSync(path.join(runbooks, "second")).filter((name) => name.endsWith(".md") && name !== "README.md").length;
    expect(await sync()).toEqual({ written: steps, deleted: 0 });
    fs.rmSync(path.join(runbooks, "second"), { recursive: true });
    expect(await sync()).toEqual({ written: 0, deleted: steps });
  });

  it("a rebuild reproduces the same library documents", async () => {
    const snapshot = async () =>
      (await t.db.searchDocument.findMany({ where: { incidentId: null }, select: { type: true, entityId: true, handle: true, detail: true, title: true, body: true } })).sort((a, b) =>
        `${a.type}/${a.entityId}`.localeCompare(`${b.type}/${b.entityId}`),
      );
    const before = await snapshot();
    expect(before.filter((doc) => doc.type === "runbook-step").length).toBeGreaterThan(10);
    await rebuildSearchIndex(t.db);
    expect(await snapshot()).toEqual(before);
    expect(await hitsOf(t, "所有权")).toEqual(["checklist-item:MEM-OWN-01"]);
  });
});
