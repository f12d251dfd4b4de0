import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as namedRoute from "@/app/api/v1/checklists/[name]/route";
import * as exportRoute from "@/app/api/v1/checklists/export/route";
import * as forDiffRoute from "@/app/api/v1/checklists/for-diff/route";
import * as itemsRoute from "@/app/api/v1/checklists/items/route";
import * as checklistsRoute from "@/app/api/v1/checklists/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import { checklistExportJsonSchema } from "@/lib/checklists/exports";
import { closeDb } from "@/lib/db/client";
import { databaseKinds, openTestDb, type TestDb } from "../../support/databases";
import { call } from "../api/call-route";
import { cli } from "./cli-io";

const CONTENT = path.resolve(__dirname, "../../../content");
const FLIP_DIFF = fs.readFileSync(path.resolve(__dirname, "../../fixtures/c/ownership/db-flip.diff"), "utf8");
const url = (query: string) => ({ url: `http://casebook.test/api/v1/checklists/export?${query}` });

describe.each(databaseKinds)("checklist API on %s", (kind) => {
  let t: TestDb;
  const saved = { url: process.env.DATABASE_URL, publicUrl: process.env.CASEBOOK_PUBLIC_URL, roots: process.env.CASEBOOK_REPO_ROOTS };
  beforeAll(async () => {
    t = await openTestDb(kind, "checklist-api");
    await closeDb();
    process.env.DATABASE_URL = t.url;
    delete process.env.CASEBOOK_PUBLIC_URL;
    delete process.env.CASEBOOK_REPO_ROOTS;
    expect((await cli(["import", CONTENT], t.url)).code).toBe(0);
  });
  afterAll(async () => {
    await closeDb();
    process.env.DATABASE_URL = saved.url;
    if (saved.publicUrl !== undefined) process.env.CASEBOOK_PUBLIC_URL = saved.publicUrl;
    if (saved.roots !== undefined) process.env.CASEBOOK_REPO_ROOTS = saved.roots;
    await t?.close();
  });

  it("exports a GitHub template for tags, linking lessons at the server's origin", async () => {
    const response = await call(exportRoute.GET, url("tags=memory&format=github"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(response.headers.get("x-casebook-suggested-path")).toBe(".github/pull_request_template.md");
    const tasks = response.text.split("\n").filter((line) => line.startsWith("- [ ] "));
    expect(tasks.map((line) => line.match(/\*\*([A-Z0-9-]+)\*\*/)![1])).toEqual(["MEM-OWN-01", "MEM-OWN-02", "MEM-OWN-03", "TST-LEAK-01", "TST-LEAK-02"]);
    expect(tasks[0]).toContain("(http://casebook.test/lessons/allocation-release-cohesion#MEM-OWN-01)");
  });

  it("accepts repeated and comma-separated filters, and offers a download", async () => {
    const repeated = await call(exportRoute.GET, url("tags=backport&tags=observability&languages=c&format=json&download=1"));
    expect(repeated.status).toBe(200);
    expect(repeated.headers.get("content-disposition")).toBe('attachment; filename="review-checklist.json"');
    const json = checklistExportJsonSchema.parse(repeated.body);
    expect(json.source).toBe("tags backport, observability; languages c");
    // OBS-PROF-01 applies to every language (build files), so languages=c keeps it; the YAML items drop out.
    expect(json.items.map((item) => item.id)).toEqual(["BKP-CTR-01", "BKP-CTR-02", "BKP-CTR-03", "REV-FEAT-01", "REV-FEAT-02", "REV-FEAT-03", "OBS-PROF-01"]);
    const commas = await call(exportRoute.GET, url("tags=backport,observability&languages=c&format=json"));
    expect(commas.text).toBe(repeated.text);
    const csv = await call(exportRoute.GET, url("areas=config&format=csv"));
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(csv.text.split("\r\n").filter(Boolean)).toHaveLength(4);
  });

  it("answers unknown tags and names with 404 listing the valid ones, and bad requests with 400", async () => {
    const unknownTag = await call(exportRoute.GET, url("tags=memroy&format=md"));
    expect(unknownTag.status).toBe(404);
    expect((unknownTag.body as { error: string }).error).toBe(
      'unknown tag "memroy"; valid tags: api-design, backport, c, code-review, config, cpp, jemalloc, memory, memory-leak, observability, testing, tooling, yaml',
    );
    const unknownChecklist = await call(exportRoute.GET, url("checklist=nope&format=md"));
    expect(unknownChecklist.status).toBe(404);
    expect((unknownChecklist.body as { error: string }).error).toMatch(/^no checklist named "nope"; saved checklists: /);
    expect((await call(exportRoute.GET, url("tags=memory"))).status).toBe(400);
    const badFormat = await call(exportRoute.GET, url("tags=memory&format=pdf"));
    expect(badFormat.status).toBe(400);
    expect((badFormat.body as { error: string }).error).toContain("format: must be one of github, gitlab, md, json, csv");
    const unknownParam = await call(exportRoute.GET, url("tag=memory&format=md"));
    expect(unknownParam.status).toBe(400);
    const nothing = await call(exportRoute.GET, url("areas=config&tags=backport&format=md"));
    expect(nothing.status).toBe(404);
    expect((nothing.body as { error: string }).error).toBe("no checklist items match tags backport; areas config");
  });

  it("lists items with the filter words the builder offers", async () => {
    const response = await call(itemsRoute.GET, { url: "http://casebook.test/api/v1/checklists/items?areas=testing" });
    expect(response.status).toBe(200);
    const body = response.body as { vocabulary: { areas: string[] }; items: { code: string; incidents: { slug: string }[] }[] };
    expect(body.vocabulary.areas).toEqual(["memory", "backport", "config", "observability", "testing", "api-design", "code-review", "tooling"]);
    expect(body.items.map((item) => item.code)).toEqual(["TST-LEAK-01", "TST-LEAK-02"]);
    expect(body.items[0].incidents[0].slug).toBe("redis-slot-migration-leak");
  });

  it("saves, reads, reorders, exports and deletes a named checklist with versions", async () => {
    const created = await call(checklistsRoute.POST, { method: "POST", json: { name: "memory-review", title: "Memory review", items: ["MEM-OWN-03", "MEM-OWN-01"] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "memory-review", version: 1, itemCount: 2, items: [{ code: "MEM-OWN-03" }, { code: "MEM-OWN-01" }] });
    expect((await call(checklistsRoute.POST, { method: "POST", json: { name: "memory-review", title: "Again", items: ["MEM-OWN-01"] } })).status).toBe(409);
    const unknownItem = await call(checklistsRoute.POST, { method: "POST", json: { name: "other", title: "Other", items: ["MEM-OWN-01", "NOPE-01"] } });
    expect(unknownItem.status).toBe(400);
    expect((unknownItem.body as { error: string }).error).toContain('unknown checklist item "NOPE-01"');
    const reserved = await call(checklistsRoute.POST, { method: "POST", json: { name: "export", title: "Export", items: ["MEM-OWN-01"] } });
    expect(reserved.status).toBe(400);
    expect((await call(checklistsRoute.POST, { method: "POST", json: { name: "empty", title: "Empty", items: [] } })).status).toBe(400);

    const reordered = await call(namedRoute.PATCH, { method: "PATCH", params: { name: "memory-review" }, json: { version: 1, items: ["MEM-OWN-01", "BKP-CTR-02", "MEM-OWN-03"] } });
    expect(reordered.status).toBe(200);
    expect(reordered.body).toMatchObject({ version: 2, items: [{ code: "MEM-OWN-01" }, { code: "BKP-CTR-02" }, { code: "MEM-OWN-03" }] });
    expect((await call(namedRoute.PATCH, { method: "PATCH", params: { name: "memory-review" }, json: { version: 1, title: "Stale" } })).status).toBe(409);

    const exported = await call(exportRoute.GET, url("checklist=memory-review&format=gitlab"));
    expect(exported.headers.get("x-casebook-suggested-path")).toBe(".gitlab/merge_request_templates/memory-review.md");
    expect(exported.text.match(/\*\*[A-Z]+-[A-Z]+-\d+\*\*/g)).toEqual(["**MEM-OWN-01**", "**BKP-CTR-02**", "**MEM-OWN-03**"]);
    const narrowed = await call(exportRoute.GET, url("checklist=memory-review&tags=backport&format=json"));
    expect(checklistExportJsonSchema.parse(narrowed.body).items.map((item) => item.id)).toEqual(["BKP-CTR-02"]);

    expect((await call(checklistsRoute.GET)).body).toEqual([expect.objectContaining({ name: "memory-review", itemCount: 3, version: 2 })]);
    const missing = await call(namedRoute.GET, { params: { name: "memory-reveiw" } });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'no checklist named "memory-reveiw"; saved checklists: memory-review' });
    expect((await call(namedRoute.DELETE, { method: "DELETE", params: { name: "memory-review" }, url: "http://casebook.test/x?version=1" })).status).toBe(409);
    expect((await call(namedRoute.DELETE, { method: "DELETE", params: { name: "memory-review" }, url: "http://casebook.test/x?version=2" })).status).toBe(204);
    expect((await call(namedRoute.GET, { params: { name: "memory-review" } })).status).toBe(404);
  });

  it("builds the checklist for a pasted diff: ownership findings first, then matching items", async () => {
    const response = await call(forDiffRoute.POST, { method: "POST", json: { diff: FLIP_DIFF } });
    expect(response.status).toBe(200);
    const body = response.body as { ownership: { findings: { function: string }[] }; items: { item: { code: string } }[]; markdown: string };
    expect(body.ownership.findings.map((finding) => finding.function)).toEqual(["getKeysInSlot"]);
    const codes = body.items.map((applied) => applied.item.code);
    expect(codes).toEqual(expect.arrayContaining(["MEM-OWN-01", "REV-FEAT-01", "BKP-CTR-01"]));
    expect(codes).not.toContain("OBS-PROF-01");
    expect(body.markdown.indexOf("Ownership checker")).toBeLessThan(body.markdown.indexOf("- [ ] **"));
    expect(body.markdown).toContain("[Keep allocation and release together](http://casebook.test/lessons/allocation-release-cohesion#MEM-OWN-01)");

    const narrowed = await call(forDiffRoute.POST, { method: "POST", json: { diff: FLIP_DIFF, areas: ["observability"] } });
    expect((narrowed.body as { items: unknown[] }).items).toEqual([]);
  });

  it("answers bad for-diff requests with 4xx and a reason", async () => {
    expect((await call(forDiffRoute.POST, { method: "POST", json: {} })).status).toBe(400);
    expect((await call(forDiffRoute.POST, { method: "POST", json: { diff: "  " } })).status).toBe(400);
    expect((await call(forDiffRoute.POST, { method: "POST", json: { diff: FLIP_DIFF, repo: "/tmp" } })).status).toBe(400);
    expect((await call(forDiffRoute.POST, { method: "POST", json: { diff: FLIP_DIFF, tags: ["memroy"] } })).status).toBe(404);
    const repo = await call(forDiffRoute.POST, { method: "POST", json: { repo: "/srv/redis", base: "a", head: "b" } });
    expect(repo.status).toBe(403);
    expect((repo.body as { error: string }).error).toContain("CASEBOOK_REPO_ROOTS");
    const truncated = await call(forDiffRoute.POST, { method: "POST", json: { diff: FLIP_DIFF.split("\n").slice(0, 12).join("\n") } });
    expect(truncated.status).toBe(422);
  });

  it("publishes the checklist operations in the OpenAPI document", async () => {
    const doc = (await call(openapiRoute.GET)).body as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths["/api/v1/checklists/export"])).toEqual(["get"]);
    expect(Object.keys(doc.paths["/api/v1/checklists/{name}"]).sort()).toEqual(["delete", "get", "patch"]);
    expect(doc.components.schemas).toHaveProperty("ChecklistCreate");
  });
});
