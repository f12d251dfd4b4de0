import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import * as triageRoute from "@/app/api/v1/incidents/[slug]/triage/route";
import * as finishRoute from "@/app/api/v1/incidents/[slug]/triage/finish/route";
import * as outcomeRoute from "@/app/api/v1/incidents/[slug]/triage/outcome/route";
import * as skipRoute from "@/app/api/v1/incidents/[slug]/triage/skip/route";
import * as startRoute from "@/app/api/v1/incidents/[slug]/triage/start/route";
import * as undoRoute from "@/app/api/v1/incidents/[slug]/triage/undo/route";
import { createIncident } from "@/lib/incidents/incidents";
import { databaseKinds, openTestDb, useAsDefaultDatabase, type TestDb } from "../../support/databases";
import { call } from "../api/call-route";

const SLUG = "triage-api";
const URL = `http://casebook.test/api/v1/incidents/${SLUG}/triage`;
const params = { slug: SLUG };

type State = {
  session: { status: string; version: number; createdBy: string } | null;
  current: { id: string } | null;
  records: { stepId: string; author: string; skipped: boolean; entry: { kind: string } | null }[];
};

const post = (handler: typeof startRoute.POST, json: unknown, headers: Record<string, string> = {}) => call(handler, { method: "POST", url: URL, params, json, headers });
const errorOf = (response: { body: unknown }) => (response.body as { error: string }).error;

describe.each(databaseKinds)("guided triage API on %s", (kind) => {
  let t: TestDb;
  let restoreDatabase: () => Promise<void>;
  beforeAll(async () => {
    t = await openTestDb(kind, "triage-api");
    restoreDatabase = await useAsDefaultDatabase(t);
    await createIncident(t.db, { slug: SLUG, title: "Leak walked through the API", facts: { system: "redis", version: "5.0.7", allocator: "jemalloc", cluster: false } });
  });
  afterAll(async () => {
    await restoreDatabase?.();
    await t?.close();
  });

  it("answers 404 for an unknown incident and shows an unstarted triage", async () => {
    const missing = await call(triageRoute.GET, { url: URL, params: { slug: "no-such-incident" } });
    expect(missing.status).toBe(404);
    expect(errorOf(missing)).toBe('no incident with slug "no-such-incident"');
    const state = await call(triageRoute.GET, { url: URL, params });
    expect(state.status).toBe(200);
    expect((state.body as State).session).toBeNull();
  });

  it("starts with the acting author (201), and refuses a second start with 409", async () => {
    const started = await post(startRoute.POST, {}, { "x-casebook-author": encodeURIComponent("张三") });
    expect(started.status).toBe(201);
    expect((started.body as State).session).toMatchObject({ status: "active", version: 1, createdBy: "张三" });
    expect((started.body as State).current?.id).toBe("confirm-leak-vs-data-growth");
    const again = await call(startRoute.POST, { method: "POST", url: URL, params });
    expect(again.status).toBe(409);
    expect(errorOf(again)).toContain("already in progress");
  });

  it.each([
    [{ version: 1, step: "nope", outcome: "x" }, 400, 'the runbook has no step "nope" for these facts'],
    [{ version: 1, step: "fragmentation", outcome: "used-memory-high-too" }, 409, 'step "fragmentation" is not the current step; the current step is "confirm-leak-vs-data-growth"'],
    [{ version: 1, step: "confirm-leak-vs-data-growth", outcome: "buffers-small" }, 400, 'step "confirm-leak-vs-data-growth" has no outcome "buffers-small"'],
    [{ version: 7, step: "confirm-leak-vs-data-growth", outcome: "rss-gap" }, 409, "was changed by someone else (you have version 7, current is 1); reload and try again"],
    [{ step: "confirm-leak-vs-data-growth", outcome: "rss-gap" }, 400, "invalid triage outcome: version"],
    [{ version: 1, step: "confirm-leak-vs-data-growth", outcome: "rss-gap", colour: "red" }, 400, "invalid triage outcome"],
  ])("outcome %j → %i", async (json, status, message) => {
    const response = await post(outcomeRoute.POST, json);
    expect(response.status).toBe(status);
    expect(errorOf(response)).toContain(message);
  });

  it("rejects a body that is not JSON", async () => {
    const response = await call(outcomeRoute.POST, { method: "POST", url: URL, params, body: "step=x", headers: { "content-type": "application/json" } });
    expect(response.status).toBe(400);
    expect(errorOf(response)).toContain("not valid JSON");
  });

  it("records an outcome, skips with a reason, undoes, and finishes", async () => {
    const recorded = await post(outcomeRoute.POST, { version: 1, step: "confirm-leak-vs-data-growth", outcome: "rss-gap", note: "RSS 3 GB, used_memory 1 GB" }, { "x-casebook-author": "ana" });
    expect(recorded.status).toBe(200);
    const state = recorded.body as State;
    expect(state.current?.id).toBe("fragmentation");
    expect(state.records).toMatchObject([{ stepId: "confirm-leak-vs-data-growth", author: "ana", entry: { kind: "observation" } }]);

    const noReason = await post(skipRoute.POST, { version: 2, step: "fragmentation" });
    expect(noReason.status).toBe(400);
    expect(errorOf(noReason)).toContain("invalid triage skip: reason");
    const skipped = await post(skipRoute.POST, { version: 2, step: "fragmentation", reason: "allocator stats not exported on this host" });
    expect(skipped.status).toBe(200);
    expect((skipped.body as State).records[1]).toMatchObject({ stepId: "fragmentation", skipped: true, entry: { kind: "decision" } });

    const undone = await post(undoRoute.POST, { version: 3 });
    expect(undone.status).toBe(200);
    expect((undone.body as State).current?.id).toBe("fragmentation");
    const staleUndo = await post(undoRoute.POST, { version: 3 });
    expect(staleUndo.status).toBe(409);

    const finished = await post(finishRoute.POST, { version: 4, status: "abandoned" });
    expect(finished.status).toBe(200);
    expect((finished.body as State).session?.status).toBe("abandoned");
    const afterFinish = await post(skipRoute.POST, { version: 5, step: "fragmentation", reason: "x" });
    expect(afterFinish.status).toBe(409);
    expect(errorOf(afterFinish)).toContain("no triage");
  });

  it("is in the OpenAPI document", async () => {
    const response = await call(openapiRoute.GET, { url: "http://casebook.test/api/v1/openapi.json" });
    const paths = (response.body as { paths: Record<string, Record<string, unknown>> }).paths;
    for (const path of ["start", "outcome", "skip", "undo", "finish"]) expect(paths[`/api/v1/incidents/{slug}/triage/${path}`]?.post).toBeDefined();
    expect(paths["/api/v1/incidents/{slug}/triage"]?.get).toBeDefined();
  });
});
