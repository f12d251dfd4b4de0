import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as generateRoute from "@/app/api/v1/runbooks/generate/route";
import * as triggerWindowRoute from "@/app/api/v1/runbooks/trigger-window/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import { parseIncidentFile } from "@/lib/content/parse";
import { createIncident } from "@/lib/incidents/incidents";
import { importPortables } from "@/lib/incidents/import-export";
import { databaseKinds, openTestDb, useAsDefaultDatabase, type TestDb } from "../../support/databases";
import { call } from "../api/call-route";

const WORKED_EXAMPLE_FILE = path.join(__dirname, "../../../content/incidents/redis-slot-migration-leak.md");
const SLUG = "redis-slot-migration-leak";
const URL_GENERATE = "http://casebook.test/api/v1/runbooks/generate";

type Body = { steps: { id: string; why: string; commands: { run: string }[] }[]; excluded: { id: string; reason: string }[]; candidates: { incident: { slug: string }; rootCause: string; confirmedHypotheses: { title: string }[] }[]; warnings: string[] };

describe.each(databaseKinds)("runbook API on %s", (kind) => {
  let t: TestDb;
  let restoreDatabase: () => Promise<void>;
  beforeAll(async () => {
    t = await openTestDb(kind, "runbooks");
    restoreDatabase = await useAsDefaultDatabase(t);
    await importPortables(t.db, [parseIncidentFile(fs.readFileSync(WORKED_EXAMPLE_FILE, "utf8"), WORKED_EXAMPLE_FILE)]);
    // A similar incident without a confirmed cause must not become a candidate.
    await createIncident(t.db, { slug: "open-redis-leak", title: "Open Redis leak", facts: { system: "redis", version: "3.2.9", events: ["slot-migration"] } });
  });
  afterAll(async () => {
    await restoreDatabase?.();
    await t?.close();
  });

  it("generates from facts, with the worked example as a candidate hypothesis", async () => {
    const facts = { system: "redis", version: "3.2.12", allocator: "jemalloc", cluster: true, events: ["slot-migration"], symptoms: ["step-growth"], host: "10.1.2.3", port: 6380 };
    const response = await call(generateRoute.POST, { method: "POST", url: URL_GENERATE, json: { facts, tags: ["memory-leak"] } });
    expect(response.status).toBe(200);
    const body = response.body as Body;
    expect(body.steps.map((step) => step.id)).toContain("check-slot-ownership");
    expect(body.steps[0].commands[0].run).toContain("redis-cli -h 10.1.2.3 -p 6380 INFO memory");
    expect(body.excluded).toContainEqual({ id: "memory-doctor", title: "Ask MEMORY DOCTOR and MEMORY STATS", reason: "MEMORY DOCTOR unavailable: 3.2.12 < 4.0" });
    expect(body.candidates.map((candidate) => candidate.incident.slug)).toEqual([SLUG]);
    expect(body.candidates[0].rootCause).toContain("getKeysInSlot");
    expect(body.candidates[0].confirmedHypotheses.map((hypothesis) => hypothesis.title)).toEqual(["Slot migration leaks the key strings it handles"]);
  });

  it("generates for a recorded incident without proposing the incident to itself", async () => {
    const response = await call(generateRoute.POST, { method: "POST", url: URL_GENERATE, json: { incident: SLUG } });
    expect(response.status).toBe(200);
    const body = response.body as Body;
    expect(body.excluded.find((step) => step.id === "jemalloc-heap-profile")?.reason).toBe("jeprof unavailable: jemalloc built without profiling (--enable-prof)");
    expect(body.candidates).toEqual([]);
    expect(body.warnings).toContain(
      "9 facts not used by the runbook generator and ignored: datesNote, keyCountReported, leakTriggeredAround, leakedKeyLength, leakedStrings, monitoringRetentionDays, redisCreatedOn, usedMemoryPrimaryMB, usedMemoryReplicaMB",
    );
  });

  it("exports Markdown with ?format=md", async () => {
    const response = await call(generateRoute.POST, { method: "POST", url: `${URL_GENERATE}?format=md`, json: { incident: SLUG } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/markdown");
    expect(response.text).toContain('```sh {"id":"take-memory-dump-gcore","name":"take-memory-dump-gcore","excludeFromRunAll":"true"}');
    expect(response.text).toContain("(http://casebook.test/lessons/allocation-release-cohesion)");
  });

  it.each([
    [{}, 400, "send either facts or incident"],
    [{ facts: { system: "redis" }, incident: SLUG }, 400, "send either facts or incident"],
    [{ facts: { "bad name": 1 } }, 400, "invalid runbook request"],
    [{ facts: {}, colour: "blue" }, 400, "invalid runbook request"],
    [{ incident: "no-such-incident" }, 404, 'no incident with slug "no-such-incident"'],
  ])("answers %j with %i", async (json, status, message) => {
    const response = await call(generateRoute.POST, { method: "POST", url: URL_GENERATE, json });
    expect(response.status).toBe(status);
    expect((response.body as { error: string }).error).toContain(message);
  });

  it("rejects a bad format and a body that is not JSON", async () => {
    const format = await call(generateRoute.POST, { method: "POST", url: `${URL_GENERATE}?format=pdf`, json: { incident: SLUG } });
    expect(format.status).toBe(400);
    const notJson = await call(generateRoute.POST, { method: "POST", url: URL_GENERATE, body: "{facts", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
  });

  it("finds the step and its events in the trigger-window tool", async () => {
    const metrics = ["timestamp,value", ...Array.from({ length: 60 }, (_, i) => `${1571538600 + i * 60},${i >= 40 ? 800e6 + (i % 3) * 1e5 : 10e6 + (i % 3) * 1e5}`)].join("\n");
    const events = "12345:M 20 Oct 2019 03:09:10.000 * Background append only file rewriting started by pid 4567\nnot a line";
    const response = await call(triggerWindowRoute.POST, { method: "POST", json: { metrics, events, windowMinutes: 5 } });
    expect(response.status).toBe(200);
    const body = response.body as { kind: string; changes: { index: number; events: { kind: string }[] }[]; problems: { events: { line: number }[] }; svg: string; points?: unknown };
    expect(body.kind).toBe("step-growth");
    expect(body.changes.map((change) => [change.index, change.events.map((event) => event.kind)])).toEqual([[40, ["aof-rewrite"]]]);
    expect(body.problems.events).toEqual([{ line: 2, message: expect.any(String) }]);
    expect(body.svg).toMatch(/^<svg /);
    expect(body.points).toBeUndefined();
  });

  it.each([
    [{ metrics: "" }, "the metrics are empty"],
    [{ metrics: "x,y\nz,w" }, "no line of the metrics could be read"],
    [{ metrics: "1571538600,1", events: "", timeZone: "Mars/Olympus" }, "invalid trigger-window request"],
    [{ events: "" }, "invalid trigger-window request"],
  ])("answers bad trigger-window input %j with 400", async (json, message) => {
    const response = await call(triggerWindowRoute.POST, { method: "POST", json });
    expect(response.status).toBe(400);
    expect((response.body as { error: string }).error).toContain(message);
  });

  it("publishes both operations in the OpenAPI document", async () => {
    const document = (await call(openapiRoute.GET)).body as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(document.paths["/api/v1/runbooks/generate"])).toEqual(["post"]);
    expect(Object.keys(document.paths["/api/v1/runbooks/trigger-window"])).toEqual(["post"]);
    expect(document.components.schemas).toHaveProperty("RunbookGenerate");
    expect(document.components.schemas).toHaveProperty("TriggerWindow");
  });
});
