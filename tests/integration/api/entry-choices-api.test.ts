import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as incidentsRoute from "@/app/api/v1/incidents/route";
import * as entriesRoute from "@/app/api/v1/incidents/[slug]/entries/route";
import * as entryChoicesRoute from "@/app/api/v1/incidents/[slug]/entry-choices/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import { databaseKinds, openTestDb, useAsDefaultDatabase, type TestDb } from "../../support/databases";
import { call } from "./call-route";

/** GET …/entry-choices: what the incident page's link and upload forms fetch once they are shown. */
describe.each(databaseKinds)("entry choices API on %s", (kind) => {
  let t: TestDb;
  let restoreDatabase: () => Promise<void>;
  beforeAll(async () => {
    t = await openTestDb(kind, "choices");
    restoreDatabase = await useAsDefaultDatabase(t);
  });
  afterAll(async () => {
    await restoreDatabase?.();
    await t?.close();
  });

  const choices = async (slug: string) => call(entryChoicesRoute.GET, { params: { slug } });

  it("lists every entry as key, kind and a label on the incident's wall clock, in timeline order", async () => {
    const created = await call(incidentsRoute.POST, { method: "POST", json: { slug: "choices-one", title: "Choices", timezone: "Asia/Shanghai", detectedAt: "2024-01-01T10:00:00+08:00" } });
    expect(created.status).toBe(201);
    await call(entriesRoute.POST, { method: "POST", params: { slug: "choices-one" }, json: { at: "11:30", kind: "evidence", title: "Hit ratio flat", key: "hit-ratio" } });
    await call(entriesRoute.POST, { method: "POST", params: { slug: "choices-one" }, json: { at: "11:00", kind: "hypothesis", title: "缓存雪崩", key: "stampede" } });
    const answer = await choices("choices-one");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      entries: [
        { key: "stampede", kind: "hypothesis", label: "2024-01-01 11:00 · Hypothesis · 缓存雪崩" },
        { key: "hit-ratio", kind: "evidence", label: "2024-01-01 11:30 · Evidence · Hit ratio flat" },
      ],
    });
  });

  it("includes an entry added a moment ago (the page asks again after every write)", async () => {
    await choices("choices-one");
    await call(entriesRoute.POST, { method: "POST", params: { slug: "choices-one" }, json: { at: "12:00", kind: "decision", title: "Roll back", key: "rollback" } });
    const keys = ((await choices("choices-one")).body as { entries: { key: string }[] }).entries.map((entry) => entry.key);
    expect(keys).toEqual(["stampede", "hit-ratio", "rollback"]);
  });

  it("answers an unknown incident with 404 and is in the OpenAPI document", async () => {
    const unknown = await choices("nope");
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'no incident with slug "nope"' });
    const { body } = await call(openapiRoute.GET);
    expect(Object.keys((body as { paths: Record<string, unknown> }).paths)).toContain("/api/v1/incidents/{slug}/entry-choices");
  });
});
