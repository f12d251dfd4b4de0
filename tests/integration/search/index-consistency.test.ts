import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { portableIncident } from "@/lib/content/portable";
import type { Db } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { addEntry, deleteEntry, updateEntry } from "@/lib/incidents/entries";
import { importPortables } from "@/lib/incidents/import-export";
import { createIncident, deleteIncident, updateIncident } from "@/lib/incidents/incidents";
import { addLessonToIncident, removeLessonFromIncident, updateLesson } from "@/lib/incidents/lessons";
import { listRevisions, restoreRevision } from "@/lib/incidents/revisions";
import { searchIndex } from "@/lib/search/index-writer";
import { rebuildSearchIndex, searchIndexIsCurrent } from "@/lib/search/rebuild";
import { searchKnowledgeBase } from "@/lib/search/service";
import { databaseKinds, openTestDb, type TestDb } from "../../support/databases";

/** Words the writes below add and remove; the index must agree with a rebuild on all of them. */
const PROBES = ["kafka", "zookeeper", "consumer", "rebalance", "分区", "重平衡", "offset*", "lag", "retention", "broker", "quota", "throttle"];

async function found(db: Db, q: string, kind?: string): Promise<string[]> {
  const result = await searchKnowledgeBase(db, { q, kind, limit: 50 });
  // Runbook steps (from content/runbooks, in every database) are not what these writes change.
  return result.results.flatMap((hit) => (hit.incident ? [`${hit.incident.slug}/${hit.type}:${hit.id}`] : [])).sort();
}

/** What the index holds, independent of document ids: documents plus the answers to every probe. */
async function indexState(db: Db) {
  const documents = await db.searchDocument.findMany({ select: { type: true, entityId: true, incidentId: true, handle: true, detail: true, title: true, body: true, at: true } });
  documents.sort((a, b) => `${a.type}/${a.entityId}/${a.incidentId}`.localeCompare(`${b.type}/${b.entityId}/${b.incidentId}`));
  const answers: Record<string, unknown> = {};
  for (const q of PROBES) {
    const result = await searchKnowledgeBase(db, { q, limit: 50 });
    answers[q] = { total: result.total, facets: result.facets, hits: result.results.map((hit) => `${hit.incident?.slug}/${hit.type}:${hit.id}`).sort() };
  }
  return { documents, answers };
}

describe.each(databaseKinds)("search index consistency on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind, "search_index");
  });
  afterAll(async () => {
    await t?.close();
  });

  it("follows incident creation and updates (text and facets)", async () => {
    expect(await searchIndexIsCurrent(t.db)).toBe(true); // a migrated empty database needs no rebuild
    await createIncident(t.db, { slug: "kafka-lag", title: "Kafka consumer lag", summary: "Zookeeper sessions expired.", tags: ["kafka"], services: ["ingest"], timezone: "UTC", detectedAt: "2024-04-01T08:00:00Z" });
    expect(await found(t.db, "zookeeper")).toEqual(["kafka-lag/incident:kafka-lag"]);
    await updateIncident(t.db, "kafka-lag", { version: 1, title: "Kafka consumer rebalance storm", summary: "Broker quotas throttled consumers.", status: "resolved" });
    expect(await found(t.db, "zookeeper")).toEqual([]);
    expect(await found(t.db, "throttle*")).toEqual(["kafka-lag/incident:kafka-lag"]);
    const facets = (await searchKnowledgeBase(t.db, { q: "rebalance" })).facets;
    expect(facets.status).toEqual([{ value: "resolved", count: 1 }]);
    await updateIncident(t.db, "kafka-lag", { version: 2, slug: "kafka-rebalance" });
    expect(await found(t.db, "broker")).toEqual(["kafka-rebalance/incident:kafka-rebalance"]);
  });

  it("never matches a phrase across the end of a title and the start of its body", async () => {
    await addEntry(t.db, "kafka-rebalance", { at: "08:01", kind: "note", title: "Paged the quota", key: "boundary", body: "owner quickly" });
    expect(await found(t.db, '"quota owner"')).toEqual([]);
    expect(await found(t.db, "quota owner")).toEqual(["kafka-rebalance/entry:boundary"]);
    await deleteEntry(t.db, "kafka-rebalance", "boundary", undefined);
  });

  it("follows timeline entries being added, edited and deleted", async () => {
    await addEntry(t.db, "kafka-rebalance", { at: "08:05", kind: "observation", title: "Consumer lag at 2 million", key: "lag-alert", body: "分区 重平衡 every minute" });
    await addEntry(t.db, "kafka-rebalance", { at: "08:20", kind: "hypothesis", title: "Retention too short", key: "retention" });
    expect(await found(t.db, "重平衡")).toEqual(["kafka-rebalance/entry:lag-alert"]);
    const updated = await updateEntry(t.db, "kafka-rebalance", "lag-alert", { version: 1, body: "offsets committed late" });
    expect(updated.version).toBe(2);
    expect(await found(t.db, "重平衡")).toEqual([]);
    expect(await found(t.db, "offset*")).toEqual(["kafka-rebalance/entry:lag-alert"]);
    // A stale write changes nothing — in the data or in the index.
    await expect(updateEntry(t.db, "kafka-rebalance", "lag-alert", { version: 1, body: "zookeeper" })).rejects.toBeInstanceOf(ConflictError);
    expect(await found(t.db, "zookeeper")).toEqual([]);
    await deleteEntry(t.db, "kafka-rebalance", "retention", undefined);
    expect(await found(t.db, "retention")).toEqual([]);
  });

  it("brings a deleted entry back into the index when its revision is restored", async () => {
    const deletion = (await listRevisions(t.db, "kafka-rebalance")).find((revision) => revision.entityType === "entry" && revision.action === "delete")!;
    await restoreRevision(t.db, "kafka-rebalance", deletion.id);
    expect(await found(t.db, "retention", "entry")).toEqual(["kafka-rebalance/entry:retention"]);
  });

  it("indexes a lesson once per incident it belongs to, and follows edits and detaching", async () => {
    await createIncident(t.db, { slug: "kafka-again", title: "Second lag incident", tags: ["kafka"], timezone: "UTC" });
    const lesson = await addLessonToIncident(t.db, "kafka-rebalance", { title: "Size retention to the slowest consumer", body: "Lag must stay below retention.", slug: "retention-sizing" });
    await addLessonToIncident(t.db, "kafka-again", { slug: lesson.slug });
    expect(await found(t.db, "slowest", "lesson")).toEqual(["kafka-again/lesson:retention-sizing", "kafka-rebalance/lesson:retention-sizing"]);
    await updateLesson(t.db, "retention-sizing", { version: 1, title: "Size quotas for the slowest consumer" });
    expect(await found(t.db, "quota*", "lesson")).toEqual(["kafka-again/lesson:retention-sizing", "kafka-rebalance/lesson:retention-sizing"]);
    await removeLessonFromIncident(t.db, "kafka-again", "retention-sizing");
    expect(await found(t.db, "quota*", "lesson")).toEqual(["kafka-rebalance/lesson:retention-sizing"]);
  });

  it("replaces an incident's documents when an import replaces the incident", async () => {
    const replacement = portableIncident({
      slug: "kafka-again",
      title: "Second lag incident",
      timezone: "UTC",
      entries: [{ key: "broker-down", at: "2024-05-01T10:00:00Z", kind: "observation", title: "Broker 3 down", body: "zookeeper lost the broker" }],
    });
    await importPortables(t.db, [replacement]);
    expect(await found(t.db, "zookeeper")).toEqual(["kafka-again/entry:broker-down"]);
    await importPortables(t.db, [{ ...replacement, entries: [] }]);
    expect(await found(t.db, "zookeeper")).toEqual([]);
  });

  it("drops everything of a deleted incident", async () => {
    await addEntry(t.db, "kafka-again", { at: "2024-05-01T11:00:00Z", kind: "note", title: "Throttle notes" });
    expect((await found(t.db, "throttle*")).some((hit) => hit.startsWith("kafka-again/"))).toBe(true);
    await deleteIncident(t.db, "kafka-again");
    expect((await found(t.db, "throttle*")).some((hit) => hit.startsWith("kafka-again/"))).toBe(false);
    expect(await t.db.searchDocument.count({ where: { handle: "broker-down" } })).toBe(0);
  });

  it("after all those writes, matches an index rebuilt from scratch; the rebuild is idempotent", async () => {
    const maintained = await indexState(t.db);
    const first = await rebuildSearchIndex(t.db);
    expect(first.incidents).toBe(1);
    const rebuilt = await indexState(t.db);
    expect(rebuilt).toEqual(maintained);
    await rebuildSearchIndex(t.db);
    expect(await indexState(t.db)).toEqual(rebuilt);
    // Merging the index after a bulk write (imports of thousands of documents) changes no answer.
    await t.db.$transaction((tx) => searchIndex.optimizeFullText(tx, kind));
    expect(await indexState(t.db)).toEqual(rebuilt);
  });

  it("rebuilds before searching when the index is missing or from an older format", async () => {
    await t.db.searchIndexState.deleteMany();
    await t.db.$executeRawUnsafe(kind === "sqlite" ? "INSERT INTO search_index(search_index) VALUES('delete-all')" : "DELETE FROM search_index");
    await t.db.searchDocument.deleteMany();
    expect(await searchIndexIsCurrent(t.db)).toBe(false);
    expect(await found(t.db, "broker")).toEqual(["kafka-rebalance/incident:kafka-rebalance"]);
    expect(await searchIndexIsCurrent(t.db)).toBe(true);
    await t.db.searchIndexState.update({ where: { id: 1 }, data: { formatVersion: 0 } });
    expect(await found(t.db, "重平衡")).toEqual([]);
    expect(await searchIndexIsCurrent(t.db)).toBe(true);
  });
});
