import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError } from "@/lib/errors";
import { addActionItem } from "@/lib/incidents/action-items";
import { addEntry, listEntries } from "@/lib/incidents/entries";
import { createIncident, updateIncident } from "@/lib/incidents/incidents";
import { databaseKinds, openTestDb, type TestDb } from "../support/databases";

/**
 * Concurrent writers on one incident (what bench/load.ts found on PostgreSQL): writes queue instead of
 * timing out, and two entries with the same title racing for the same derived key both get stored.
 */
describe.each(databaseKinds)("concurrent writes on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind, "faults_concurrency");
    await createIncident(t.db, { slug: "busy", title: "Busy incident", timezone: "UTC", startedAt: "2026-01-01T00:00:00Z" });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it("stores every one of 30 simultaneous entries with the same title, each under its own key", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => addEntry(t.db, "busy", { at: `2026-01-01T00:${String(i).padStart(2, "0")}:00Z`, kind: "note", title: "Same title" })),
    );
    const failures = results.filter((result) => result.status === "rejected").map((result) => String((result as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
    const keys = (await listEntries(t.db, "busy")).map((entry) => entry.key).filter((key) => key.startsWith("same-title"));
    expect(new Set(keys).size).toBe(30);
  }, 120_000);

  it("stores simultaneous action items with the same title", async () => {
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => addActionItem(t.db, "busy", { title: "Add an alert" })));
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);
  }, 120_000);

  it("still answers a client-chosen key that is taken with 409", async () => {
    await addEntry(t.db, "busy", { key: "chosen", at: "2026-01-01T01:00:00Z", kind: "note", title: "Chosen" });
    await expect(addEntry(t.db, "busy", { key: "chosen", at: "2026-01-01T01:00:00Z", kind: "note", title: "Again" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("lets exactly one of several edits with the same version win; the rest get 409", async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => updateIncident(t.db, "busy", { version: 1, impact: `edit ${i}` })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((r) => r.status === "rejected")) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
  });
});
