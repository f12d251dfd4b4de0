import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as incidentsRoute from "@/app/api/v1/incidents/route";
import * as incidentRoute from "@/app/api/v1/incidents/[slug]/route";
import * as entriesRoute from "@/app/api/v1/incidents/[slug]/entries/route";
import * as linksRoute from "@/app/api/v1/incidents/[slug]/links/route";
import * as attachmentsRoute from "@/app/api/v1/incidents/[slug]/attachments/route";
import * as exportRoute from "@/app/api/v1/incidents/[slug]/export/route";
import * as importRoute from "@/app/api/v1/import/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import { databaseKinds, openTestDb, useAsDefaultDatabase, type TestDb } from "../../support/databases";
import { call } from "./call-route";

const WORKED_EXAMPLE = fs.readFileSync(path.join(__dirname, "../../../content/incidents/redis-slot-migration-leak.md"), "utf8");

describe.each(databaseKinds)("REST API on %s", (kind) => {
  let t: TestDb;
  let restoreDatabase: () => Promise<void>;
  beforeAll(async () => {
    t = await openTestDb(kind, "api");
    restoreDatabase = await useAsDefaultDatabase(t);
  });
  afterAll(async () => {
    await restoreDatabase?.();
    await t?.close();
  });

  it("creates and reads incidents, answering bad input with 400 and zod issues", async () => {
    const created = await call(incidentsRoute.POST, { method: "POST", json: { slug: "api-one", title: "API incident", timezone: "UTC", detectedAt: "2024-01-01T10:00:00Z" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: "api-one", version: 1 });

    const invalid = await call(incidentsRoute.POST, { method: "POST", json: { slug: "Not A Slug", title: 5 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ error: expect.stringContaining("invalid incident") });
    expect((invalid.body as { issues: { path: string }[] }).issues.map((issue) => issue.path).sort()).toEqual(["slug", "title"]);

    const notJson = await call(incidentsRoute.POST, { method: "POST", body: "{oops", headers: { "content-type": "application/json" } });
    expect(notJson.status).toBe(400);
    expect((notJson.body as { error: string }).error).toContain("not valid JSON");

    const unknown = await call(incidentRoute.GET, { params: { slug: "nope" } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'no incident with slug "nope"' });

    const list = await call(incidentsRoute.GET, { url: "http://casebook.test/api/v1/incidents?severity=sev9" });
    expect(list.status).toBe(400);
  });

  it("answers a stale write with 409 and overwrites nothing", async () => {
    const first = await call(incidentRoute.PATCH, { method: "PATCH", params: { slug: "api-one" }, json: { version: 1, title: "Renamed" } });
    expect(first.status).toBe(200);
    const stale = await call(incidentRoute.PATCH, { method: "PATCH", params: { slug: "api-one" }, json: { version: 1, title: "Clobbered" } });
    expect(stale.status).toBe(409);
    const current = await call(incidentRoute.GET, { params: { slug: "api-one" } });
    expect((current.body as { incident: { title: string } }).incident.title).toBe("Renamed");
  });

  it("adds entries and links and reports hypothesis status with the reason", async () => {
    const hypothesis = await call(entriesRoute.POST, { method: "POST", params: { slug: "api-one" }, json: { at: "11:00", kind: "hypothesis", title: "Cache stampede", key: "stampede" }, headers: { "x-casebook-author": "ana" } });
    expect(hypothesis.status).toBe(201);
    expect(hypothesis.body).toMatchObject({ author: "ana", at: "2024-01-01T11:00:00.000Z" });
    await call(entriesRoute.POST, { method: "POST", params: { slug: "api-one" }, json: { at: "11:30", kind: "evidence", title: "Hit ratio flat", key: "hit-ratio" } });
    const link = await call(linksRoute.POST, { method: "POST", params: { slug: "api-one" }, json: { from: "hit-ratio", to: "stampede", type: "refutes", note: "no miss spike" } });
    expect(link.status).toBe(201);
    const badLink = await call(linksRoute.POST, { method: "POST", params: { slug: "api-one" }, json: { from: "stampede", to: "hit-ratio", type: "cites" } });
    expect(badLink.status).toBe(400);
    const document = await call(incidentRoute.GET, { params: { slug: "api-one" } });
    const hypotheses = (document.body as { hypotheses: { key: string; status: string; reason: string }[] }).hypotheses;
    expect(hypotheses).toEqual([expect.objectContaining({ key: "stampede", status: "refuted", reason: "Refuted by “Hit ratio flat” (no miss spike)" })]);
  });

  it("rejects an attachment over the limit with 413", async () => {
    process.env.CASEBOOK_ATTACHMENT_LIMIT_MB = "0.01";
    try {
      const big = await call(attachmentsRoute.POST, {
        method: "POST",
        url: "http://casebook.test/api/v1/incidents/api-one/attachments?filename=dump.txt&mediaType=text/plain",
        params: { slug: "api-one" },
        body: "x".repeat(200_000),
        headers: { "content-type": "text/plain" },
      });
      expect(big.status).toBe(413);
      const form = new FormData();
      form.append("file", new File(["free -m output"], "free.txt", { type: "text/plain" }));
      form.append("caption", "memory at 16:40");
      const small = await call(attachmentsRoute.POST, { method: "POST", params: { slug: "api-one" }, body: form });
      expect(small.status).toBe(201);
      expect(small.body).toMatchObject({ filename: "free.txt", caption: "memory at 16:40", size: 14 });
    } finally {
      delete process.env.CASEBOOK_ATTACHMENT_LIMIT_MB;
    }
  });

  it("imports all-or-nothing: one bad file rejects the batch with file:line (422)", async () => {
    const bad = await call(importRoute.POST, {
      method: "POST",
      json: { files: { "redis-slot-migration-leak.md": WORKED_EXAMPLE, "broken.md": "---\nslug: broken\ntitle: Broken\nseverity: sev9\n---\n" } },
    });
    expect(bad.status).toBe(422);
    expect((bad.body as { issues: { path: string }[] }).issues[0].path).toMatch(/broken\.md:4$/);
    const missing = await call(incidentRoute.GET, { params: { slug: "redis-slot-migration-leak" } });
    expect(missing.status).toBe(404);

    const good = await call(importRoute.POST, { method: "POST", json: { files: { "redis-slot-migration-leak.md": WORKED_EXAMPLE } } });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ created: ["redis-slot-migration-leak"], updated: [] });
  });

  it("exports Markdown byte-identical to the content file, with mermaid fences, and JSON", async () => {
    const markdown = await call(exportRoute.GET, { url: "http://casebook.test/x?format=md", params: { slug: "redis-slot-migration-leak" } });
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get("content-type")).toContain("text/markdown");
    expect(markdown.text).toBe(WORKED_EXAMPLE);
    expect(markdown.text).toContain("```mermaid");
    const jsonExport = await call(exportRoute.GET, { url: "http://casebook.test/x?format=json", params: { slug: "redis-slot-migration-leak" } });
    expect(jsonExport.body).toMatchObject({ slug: "redis-slot-migration-leak", titleOriginal: "线上问题排查实例分析|关于 Redis 内存泄漏" });
    const badFormat = await call(exportRoute.GET, { url: "http://casebook.test/x?format=pdf", params: { slug: "redis-slot-migration-leak" } });
    expect(badFormat.status).toBe(400);
  });

  it("publishes an OpenAPI 3.1 document generated from the zod schemas", async () => {
    const { body } = await call(openapiRoute.GET);
    const doc = body as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/v1/incidents/{slug}/entries/{key}");
    expect(Object.keys(doc.components.schemas.EntryCreate.properties ?? {})).toEqual(expect.arrayContaining(["at", "kind", "title", "body"]));
  });
});
