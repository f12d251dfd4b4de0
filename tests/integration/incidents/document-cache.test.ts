import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { resolveDatabaseConfig } from "@/lib/db/config";
import { NotFoundError } from "@/lib/errors";
import { addActionItem, deleteActionItem, updateActionItem } from "@/lib/incidents/action-items";
import { addAttachment, deleteAttachment } from "@/lib/incidents/attachments";
import { getIncidentDocumentCached } from "@/lib/incidents/document-cache";
import { addEntry, deleteEntry, updateEntry } from "@/lib/incidents/entries";
import { createIncident, deleteIncident, getIncidentDocument, updateIncident } from "@/lib/incidents/incidents";
import { exportIncident, importPortables } from "@/lib/incidents/import-export";
import { addLessonToIncident, removeLessonFromIncident, updateLesson } from "@/lib/incidents/lessons";
import { addLink, deleteLink } from "@/lib/incidents/links";
import { listRevisions, restoreRevision } from "@/lib/incidents/revisions";
import { databaseKinds, openTestDb, type TestDb } from "../../support/databases";

/**
 * The incident page reads its document through a cache kept by (id, version, updatedAt). Every kind
 * of write must show on the very next cached read: after each one the cached document must equal a
 * fresh read, and the change itself must be in it.
 */
describe.each(databaseKinds)("cached incident document on %s", (kind) => {
  let t: TestDb;
  const slug = "cached-doc";
  const cached = () => getIncidentDocumentCached(t.db, slug);
  async function expectCurrent() {
    const [fromCache, fresh] = [await cached(), await getIncidentDocument(t.db, slug)];
    expect(fromCache).toEqual(fresh);
    return fromCache;
  }

  beforeAll(async () => {
    t = await openTestDb(kind, "doc-cache");
    await createIncident(t.db, { slug, title: "Cache test", timezone: "UTC", detectedAt: "2024-05-01T10:00:00Z" });
    await addEntry(t.db, slug, { at: "10:00", kind: "hypothesis", title: "Leak in the cache", key: "leak" });
    await addEntry(t.db, slug, { at: "10:30", kind: "evidence", title: "Heap grows", key: "heap" });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("returns what a fresh read returns, frozen, and the same parts while nothing changed", async () => {
    const first = await expectCurrent();
    const second = await cached();
    expect(second.entries).toBe(first.entries);
    expect(Object.isFrozen(second.entries[0])).toBe(true);
    expect(() => {
      (second.entries as unknown as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it("shows every kind of write on the next read", async () => {
    await cached();
    await addEntry(t.db, slug, { at: "11:00", kind: "note", title: "Paged the owner", key: "page" });
    expect((await expectCurrent()).entries.map((entry) => entry.key)).toContain("page");

    await updateEntry(t.db, slug, "heap", { version: 1, body: "RSS +2 GB/h" });
    expect((await expectCurrent()).entries.find((entry) => entry.key === "heap")?.body).toBe("RSS +2 GB/h");

    await updateEntry(t.db, slug, "leak", { version: 1, statusOverride: "confirmed", statusReason: "profiler says so" });
    expect((await expectCurrent()).entries.find((entry) => entry.key === "leak")?.statusOverride).toBe("confirmed");

    const link = await addLink(t.db, slug, { from: "heap", to: "leak", type: "supports" });
    expect((await expectCurrent()).links.map((item) => item.id)).toEqual([link.id]);
    await deleteLink(t.db, slug, link.id);
    expect((await expectCurrent()).links).toEqual([]);

    const item = await addActionItem(t.db, slug, { title: "Add a memory alert" });
    expect((await expectCurrent()).actionItems.map((action) => action.key)).toEqual([item.key]);
    await updateActionItem(t.db, slug, item.key, { version: 1, status: "done" });
    expect((await expectCurrent()).actionItems[0].status).toBe("done");
    await deleteActionItem(t.db, slug, item.key);
    expect((await expectCurrent()).actionItems).toEqual([]);

    const attachment = await addAttachment(t.db, slug, { filename: "notes.txt", mediaType: "text/plain", entry: "heap" }, Buffer.from("rss log"));
    expect((await expectCurrent()).attachments.map((file) => file.id)).toEqual([attachment.id]);
    await deleteAttachment(t.db, slug, attachment.id);
    expect((await expectCurrent()).attachments).toEqual([]);

    const lesson = await addLessonToIncident(t.db, slug, { title: "Alert on memory growth rate" });
    expect((await expectCurrent()).lessons.map((found) => found.slug)).toEqual([lesson.slug]);
    // Lessons are shared and edited on their own page: the incident is not touched, yet the page shows the edit.
    await updateLesson(t.db, lesson.slug, { version: lesson.version, body: "Growth rate, not level." });
    expect((await expectCurrent()).lessons[0].body).toBe("Growth rate, not level.");
    await removeLessonFromIncident(t.db, slug, lesson.slug);
    expect((await expectCurrent()).lessons).toEqual([]);

    const version = (await cached()).incident.version;
    await updateIncident(t.db, slug, { version, title: "Cache test (renamed)" });
    expect((await expectCurrent()).incident.title).toBe("Cache test (renamed)");

    await deleteEntry(t.db, slug, "page", undefined);
    expect((await expectCurrent()).entries.map((entry) => entry.key)).not.toContain("page");
    const deletion = (await listRevisions(t.db, slug)).find((revision) => revision.entityLabel === "page" && revision.action === "delete")!;
    await restoreRevision(t.db, slug, deletion.id);
    expect((await expectCurrent()).entries.map((entry) => entry.key)).toContain("page");

    const portable = await exportIncident(t.db, slug);
    await importPortables(t.db, [{ ...portable, entries: portable.entries.filter((entry) => entry.key !== "page") }], "import", { replaceExisting: true });
    expect((await expectCurrent()).entries.map((entry) => entry.key)).not.toContain("page");
  });

  it("sees two writes made within the same millisecond", async () => {
    await cached();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 60_000 });
    await addEntry(t.db, slug, { at: "12:00", kind: "note", title: "First in this millisecond", key: "same-ms-1" });
    expect((await expectCurrent()).entries.map((entry) => entry.key)).toContain("same-ms-1");
    await addEntry(t.db, slug, { at: "12:01", kind: "note", title: "Second in this millisecond", key: "same-ms-2" });
    expect((await expectCurrent()).entries.map((entry) => entry.key)).toContain("same-ms-2");
  });

  it("sees writes made through another connection (e.g. the CLI in another process)", async () => {
    await cached();
    const other: Db = await createDbClient(resolveDatabaseConfig({ DATABASE_URL: t.url }));
    try {
      await updateEntry(other, slug, "heap", { version: (await cached()).entries.find((entry) => entry.key === "heap")!.version, title: "Heap grows 2 GB/h" });
    } finally {
      await other.$disconnect();
    }
    expect((await expectCurrent()).entries.find((entry) => entry.key === "heap")?.title).toBe("Heap grows 2 GB/h");
  });

  it("is not found once the incident is deleted, and a new incident under the slug is read afresh", async () => {
    await cached();
    await deleteIncident(t.db, slug);
    await expect(cached()).rejects.toBeInstanceOf(NotFoundError);
    await createIncident(t.db, { slug, title: "Second life", timezone: "UTC" });
    const reborn = await expectCurrent();
    expect(reborn.incident.title).toBe("Second life");
    expect(reborn.entries).toEqual([]);
  });
});
