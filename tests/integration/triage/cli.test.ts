import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIncident } from "@/lib/incidents/incidents";
import { listEntries } from "@/lib/incidents/entries";
import { databaseKinds, openTestDb, useAsDefaultDatabase, type TestDb } from "../../support/databases";
import { cli } from "../checklists/cli-io";

const SLUG = "triage-cli";

describe.each(databaseKinds)("casebook triage CLI on %s", (kind) => {
  let t: TestDb;
  let restoreDatabase: () => Promise<void>;
  beforeAll(async () => {
    t = await openTestDb(kind, "triage-cli");
    restoreDatabase = await useAsDefaultDatabase(t);
    await createIncident(t.db, { slug: SLUG, title: "Leak walked from a terminal", facts: { system: "redis", version: "6.2.14", allocator: "jemalloc", host: "10.9.8.7", port: 6379 } });
  });
  afterAll(async () => {
    await restoreDatabase?.();
    await t?.close();
  });

  it("starts, shows the current step with filled commands, records, skips, undoes and finishes", async () => {
    const notStarted = await cli(["triage", "status", SLUG], t.url);
    expect(notStarted).toMatchObject({ code: 0, stdout: expect.stringContaining("not started") });

    const started = await cli(["triage", "start", SLUG, "--author", "ops"], t.url);
    expect(started.code).toBe(0);
    expect(started.stdout).toContain("Current step 1/");
    expect(started.stdout).toContain("redis-cli -h 10.9.8.7 -p 6379 INFO memory");
    expect(started.stdout).toContain("  rss-gap: used_memory is explained, but RSS is far above it");

    const recorded = await cli(["triage", "record", SLUG, "confirm-leak-vs-data-growth", "rss-gap", "--note", "RSS 4x used_memory"], t.url);
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain("[fragmentation]");
    const skipped = await cli(["triage", "skip", SLUG, "fragmentation", "--reason", "checked last week"], t.url);
    expect(skipped.stdout).toContain("2. fragmentation — skipped (checked last week)");
    expect((await listEntries(t.db, SLUG)).map((entry) => entry.kind)).toEqual(["observation", "decision"]);

    expect((await cli(["triage", "undo", SLUG], t.url)).stdout).toContain("[fragmentation]");
    const finished = await cli(["triage", "finish", SLUG, "--json"], t.url);
    expect(JSON.parse(finished.stdout).session.status).toBe("completed");
  });

  it.each([
    [["triage", "record", SLUG, "confirm-leak-vs-data-growth"], "expected SLUG STEP OUTCOME"],
    [["triage", "skip", SLUG, "fragmentation"], "--reason is required"],
    [["triage", "undo", SLUG], `no triage of "${SLUG}" is in progress`],
    [["triage", "record", SLUG, "a", "b", "--version", "x"], "--version must be an integer"],
    [["triage", "status", "no-such-incident"], 'no incident with slug "no-such-incident"'],
  ])("%j exits 2 with a one-line reason", async (args, message) => {
    const result = await cli(args, t.url);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});
