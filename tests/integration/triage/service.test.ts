import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIncident, updateIncident } from "@/lib/incidents/incidents";
import { listEntries } from "@/lib/incidents/entries";
import { listLinks } from "@/lib/incidents/links";
import { finishTriage, getTriageState, recordOutcome, skipStep, startTriage, undoLastOutcome } from "@/lib/triage/service";
import { databaseKinds, openTestDb, type TestDb } from "../../support/databases";

const SLUG = "triage-service";
const FACTS = { system: "redis", version: "3.2.8", allocator: "jemalloc", allocatorProfiling: false, cluster: true, events: ["slot-migration"], symptoms: ["step-growth"], host: "10.0.0.7", port: 6380 };

describe.each(databaseKinds)("guided triage service on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind, "triage");
    await createIncident(t.db, { slug: SLUG, title: "Leak during triage", timezone: "UTC", detectedAt: "2026-01-05T10:00:00Z", facts: FACTS });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows the runbook for the incident's facts before a start, with no current step", async () => {
    const state = await getTriageState(t.db, SLUG);
    expect(state.session).toBeNull();
    expect(state.current).toBeNull();
    expect(state.runbook.steps[0].id).toBe("confirm-leak-vs-data-growth");
    expect(state.runbook.steps[0].commands[0].run).toContain("redis-cli -h 10.0.0.7 -p 6380");
  });

  it("starts once; a second start is a conflict unless it restarts", async () => {
    const state = await startTriage(t.db, SLUG, { author: "ana" });
    expect(state.session).toMatchObject({ status: "active", version: 1, createdBy: "ana", facts: FACTS });
    expect(state.current?.id).toBe("confirm-leak-vs-data-growth");
    await expect(startTriage(t.db, SLUG, {})).rejects.toMatchObject({ status: 409, message: expect.stringContaining("already in progress") });
  });

  it("records a branch as one timeline entry linked to the hypothesis it raises", async () => {
    const state = await recordOutcome(t.db, SLUG, { version: 1, step: "confirm-leak-vs-data-growth", outcome: "unexplained-used-memory", note: "800 MB for 16,000 keys", author: "ana" });
    // The branch jumps over the fragmentation step.
    expect(state.current?.id).toBe("client-output-buffers");
    expect(state.session?.version).toBe(2);
    expect(state.walk.taken).toEqual([{ from: "confirm-leak-vs-data-growth", outcomeId: "unexplained-used-memory", to: "client-output-buffers" }]);
    const [record] = state.records;
    expect(record).toMatchObject({ stepId: "confirm-leak-vs-data-growth", outcomeId: "unexplained-used-memory", note: "800 MB for 16,000 keys", author: "ana", hypothesis: { key: "memory-leak" } });
    expect(record.entry?.kind).toBe("observation");
    expect(record.entry?.title).toContain('Triage step "Confirm a leak, not data growth"');

    const entries = await listEntries(t.db, SLUG);
    expect(entries.map((entry) => entry.kind).sort()).toEqual(["hypothesis", "observation"]);
    const observation = entries.find((entry) => entry.kind === "observation")!;
    expect(observation.body).toContain("800 MB for 16,000 keys");
    expect(observation.body).toContain("Next step: **Rule out client output and query buffers**");
    const links = await listLinks(t.db, SLUG);
    expect(links).toMatchObject([{ from: observation.key, to: "memory-leak", type: "supports" }]);
    // Written through the incident services: revisions and search documents exist for the new entry.
    expect(await t.db.revision.count({ where: { entityId: observation.id, action: "create" } })).toBe(1);
    expect(await t.db.searchDocument.count({ where: { entityId: observation.id } })).toBe(1);
  });

  it.each([
    [{ version: 1, step: "client-output-buffers", outcome: "buffers-small" }, 409, "changed by someone else"],
    [{ version: 2, step: "no-such-step", outcome: "x" }, 400, 'no step "no-such-step"'],
    [{ version: 2, step: "fragmentation", outcome: "used-memory-high-too" }, 409, 'the current step is "client-output-buffers"'],
    [{ version: 2, step: "client-output-buffers", outcome: "data-growth" }, 400, 'has no outcome "data-growth"; choose one of "buffers-explain", "buffers-small"'],
    [{ version: 2, step: "client-output-buffers" }, 400, "invalid triage outcome: outcome"],
  ])("refuses %j with %i and changes nothing", async (input, status, message) => {
    await expect(recordOutcome(t.db, SLUG, input)).rejects.toMatchObject({ status, message: expect.stringContaining(message) });
    const state = await getTriageState(t.db, SLUG);
    expect(state.session?.version).toBe(2);
    expect(state.records).toHaveLength(1);
  });

  it("skips with a mandatory reason as a decision entry, then continues in runbook order", async () => {
    await expect(skipStep(t.db, SLUG, { version: 2, step: "client-output-buffers", reason: "  " })).rejects.toMatchObject({ status: 400 });
    const state = await skipStep(t.db, SLUG, { version: 2, step: "client-output-buffers", reason: "no clients connected during the growth", author: "ben" });
    expect(state.current?.id).toBe("replication-backlog");
    expect(state.walk.skipped).toEqual(["client-output-buffers"]);
    expect(state.records[1]).toMatchObject({ skipped: true, reason: "no clients connected during the growth", outcomeId: null, entry: { kind: "decision" } });
    expect(state.records[1].entry?.title).toContain("skipped: no clients connected");
  });

  it("undoes the last outcome with its entry, and resumes from stored rows", async () => {
    const after = await recordOutcome(t.db, SLUG, { version: 3, step: "replication-backlog", outcome: "backlog-normal" });
    expect(after.current?.id).toBe("aof-rewrite-buffer");
    const undone = await undoLastOutcome(t.db, SLUG, { version: 4, author: "ben" });
    expect(undone.current?.id).toBe("replication-backlog");
    expect(undone.records).toHaveLength(2);
    expect((await listEntries(t.db, SLUG)).map((entry) => entry.kind).sort()).toEqual(["decision", "hypothesis", "observation"]);
    expect(await t.db.revision.count({ where: { entityType: "entry", action: "delete" } })).toBe(1);

    // A fresh read (another browser, a restart) resumes at the same step.
    const resumed = await getTriageState(t.db, SLUG);
    expect(resumed.current?.id).toBe("replication-backlog");
    expect(resumed.walk.done).toEqual(["confirm-leak-vs-data-growth"]);
    expect(resumed.session?.version).toBe(5);
  });

  it("undoing the outcome that raised a hypothesis removes the unused hypothesis too", async () => {
    await undoLastOutcome(t.db, SLUG, { version: 5 });
    const state = await undoLastOutcome(t.db, SLUG, { version: 6 });
    expect(state.records).toEqual([]);
    expect(state.current?.id).toBe("confirm-leak-vs-data-growth");
    expect(await listEntries(t.db, SLUG)).toEqual([]);
    await expect(undoLastOutcome(t.db, SLUG, { version: 7 })).rejects.toMatchObject({ status: 409, message: expect.stringContaining("no recorded step to undo") });
  });

  it("reaches the end on an outcome that ends triage, refuses more, and completes", async () => {
    const ended = await recordOutcome(t.db, SLUG, { version: 7, step: "confirm-leak-vs-data-growth", outcome: "data-growth" });
    expect(ended.walk.finished).toBe(true);
    expect(ended.current).toBeNull();
    expect((await listLinks(t.db, SLUG)).map((link) => link.type)).toEqual(["refutes"]);
    await expect(skipStep(t.db, SLUG, { version: 8, step: "fragmentation", reason: "done" })).rejects.toMatchObject({ status: 409, message: expect.stringContaining("reached its end") });
    const completed = await finishTriage(t.db, SLUG, { version: 8 });
    expect(completed.session?.status).toBe("completed");
    await expect(recordOutcome(t.db, SLUG, { version: 9, step: "fragmentation", outcome: "x" })).rejects.toMatchObject({ status: 409, message: expect.stringContaining("no triage") });
  });

  it("detects edited facts and a changed step library on resume; restart abandons the running triage", async () => {
    const started = await startTriage(t.db, SLUG, {});
    expect(started.records).toEqual([]);
    const incident = (await getTriageState(t.db, SLUG)).incident;
    await updateIncident(t.db, SLUG, { version: incident.version, facts: { ...FACTS, version: "4.0.14" } });
    await t.db.triageSession.updateMany({ where: { status: "active" }, data: { stepsHash: "0000000000000000" } });
    const state = await getTriageState(t.db, SLUG);
    expect(state.factsChanged).toBe(true);
    expect(state.libraryChanged).toBe(true);
    expect(state.warnings.join("\n")).toMatch(/facts changed[\s\S]*steps changed/);
    // The walk keeps the facts it started with until a restart.
    expect(state.runbook.excluded.map((step) => step.id)).toContain("memory-doctor");

    const restarted = await startTriage(t.db, SLUG, { restart: true });
    expect(restarted.factsChanged).toBe(false);
    expect(restarted.libraryChanged).toBe(false);
    expect(restarted.runbook.steps.map((step) => step.id)).toContain("memory-doctor");
    const statuses = (await t.db.triageSession.findMany({ orderBy: { createdAt: "asc" } })).map((session) => session.status);
    expect(statuses).toEqual(["completed", "abandoned", "active"]);
  });

  it("two responders sending the same version at once: one outcome is recorded, the other gets 409", async () => {
    const { session } = await getTriageState(t.db, SLUG);
    const version = session!.version;
    const attempts = await Promise.allSettled([
      recordOutcome(t.db, SLUG, { version, step: "confirm-leak-vs-data-growth", outcome: "rss-gap", author: "ana" }),
      recordOutcome(t.db, SLUG, { version, step: "confirm-leak-vs-data-growth", outcome: "unexplained-used-memory", author: "ben" }),
    ]);
    expect(attempts.filter((attempt) => attempt.status === "fulfilled")).toHaveLength(1);
    const rejected = attempts.filter((attempt): attempt is PromiseRejectedResult => attempt.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toMatchObject({ status: 409 });
    expect((await getTriageState(t.db, SLUG)).records).toHaveLength(1);
  });
});
