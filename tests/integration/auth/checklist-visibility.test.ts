import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as checklistsRoute from "@/app/api/v1/checklists/route";
import * as checklistRoute from "@/app/api/v1/checklists/[name]/route";
import * as exportRoute from "@/app/api/v1/checklists/export/route";
import * as forDiffRoute from "@/app/api/v1/checklists/for-diff/route";
import * as itemsRoute from "@/app/api/v1/checklists/items/route";
import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import type { Viewer } from "@/lib/auth/roles";
import { loadLibrary } from "@/lib/checklists/library";
import { lessonRecurrence } from "@/lib/checklists/recurrence";
import { runCli } from "@/lib/cli/main";
import { addLessonToIncident } from "@/lib/incidents/lessons";
import { captureIO } from "../../fixtures/git/cli-io";
import { databaseKinds, openTestDb, useAsDefaultDatabase, type TestDb } from "../../support/databases";
import { callAs, createCast, OPEN_SLUG, RESTRICTED_SLUG, type Cast, type RouteHandler } from "./matrix-fixture";

/**
 * Lessons and checklist items name the incidents that taught them. A restricted incident's slug and
 * title must reach only its members (and admins) — through the API, the CLI and recurrence lists.
 */
type Handler = RouteHandler;

const RESTRICTED_TITLE = "Restricted cache leak with customer names";
const LESSON = "release-what-you-allocate";

describe.each(databaseKinds)("checklists name restricted incidents only to their members on %s", (kind) => {
  let t: TestDb;
  let restore: () => Promise<void>;
  let cast: Cast;
  beforeAll(async () => {
    t = await openTestDb(kind, "checklist-visibility");
    restore = await useAsDefaultDatabase(t);
    cast = await createCast(t.db);
    // One lesson learnt from both incidents, with a checklist item, saved in a named checklist.
    await addLessonToIncident(t.db, OPEN_SLUG, { slug: LESSON, title: "Release what you allocate", tags: ["leak"] });
    await addLessonToIncident(t.db, RESTRICTED_SLUG, { slug: LESSON });
    const lesson = await t.db.lesson.findUniqueOrThrow({ where: { slug: LESSON } });
    await t.db.checklistItem.create({ data: { id: randomUUID(), code: "MEM-REL-01", lessonId: lesson.id, question: "Is every allocation released on every path?", severity: "high" } });
    // A second lesson learnt only from the open incident; the restricted one happened later and looks alike.
    await addLessonToIncident(t.db, OPEN_SLUG, { slug: "watch-the-cache", title: "Watch the cache", tags: ["leak"] });
    await t.db.incident.update({ where: { slug: RESTRICTED_SLUG }, data: { detectedAt: new Date("2024-06-01T10:00:00Z") } });
  });
  afterAll(async () => {
    await restore?.();
    await t?.close();
  });

  const as = (handler: Handler, token: string, options: { url: string; params?: Record<string, string>; method?: string; json?: unknown }) => callAs(handler, { token }, options);
  const leaks = (text: string) => text.includes(RESTRICTED_SLUG) || text.includes(RESTRICTED_TITLE);

  it("API: export, items, saved checklists and for-diff leave the restricted incident out for an outsider, not for a member", async () => {
    const saved = await as(checklistsRoute.POST, cast.tokens.editor, { url: "http://casebook.test/api/v1/checklists", method: "POST", json: { name: "memory", title: "Memory", items: ["MEM-REL-01"] } });
    expect(saved.status).toBe(201);
    expect(leaks(saved.text)).toBe(true);
    const reads = (token: string) =>
      Promise.all([
        ...["json", "md", "csv"].map((format) => as(exportRoute.GET, token, { url: `http://casebook.test/api/v1/checklists/export?format=${format}` })),
        as(exportRoute.GET, token, { url: "http://casebook.test/api/v1/checklists/export?format=json&checklist=memory" }),
        as(itemsRoute.GET, token, { url: "http://casebook.test/api/v1/checklists/items" }),
        as(checklistRoute.GET, token, { url: "http://casebook.test/api/v1/checklists/memory", params: { name: "memory" } }),
        as(forDiffRoute.POST, token, { url: "http://casebook.test/api/v1/checklists/for-diff", method: "POST", json: { diff: "--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n" } }),
      ]);
    const outsider = await reads(cast.tokens.outsider);
    const member = await reads(cast.tokens.viewer);
    expect(outsider.map((response) => response.status)).toEqual(outsider.map(() => 200));
    expect(member.map((response) => response.status)).toEqual(member.map(() => 200));
    for (const response of outsider) {
      expect(leaks(response.text), response.text.slice(0, 300)).toBe(false);
      expect(response.text).toContain("Open cache leak");
    }
    for (const response of member) expect(leaks(response.text), response.text.slice(0, 300)).toBe(true);
  });

  it("CLI: checklist export and list --items use the token's visibility", async () => {
    const run = async (args: string[], token?: string) => {
      const io = captureIO();
      if (token) io.env.CASEBOOK_TOKEN = token;
      else delete io.env.CASEBOOK_TOKEN;
      const code = await runCli(args, io);
      return { code, out: io.output(), err: io.errors() };
    };
    const anonymous = await run(["checklist", "export", "--format", "md"]);
    expect([anonymous.code, anonymous.out]).toEqual([2, ""]);
    expect(anonymous.err).toMatch(/--token/);
    for (const args of [["checklist", "export", "--format", "json"], ["checklist", "list", "--items", "--json"]]) {
      const outsider = await run(args, cast.tokens.outsider);
      expect(outsider.code).toBe(0);
      expect(leaks(outsider.out)).toBe(false);
      expect(outsider.out).toContain(OPEN_SLUG);
      const member = await run(args, cast.tokens.editor);
      expect(leaks(member.out)).toBe(true);
    }
  });

  it("lesson pages' library and recurrence lists see only visible incidents", async () => {
    const outsider: Viewer = { kind: "user", user: { ...(await t.db.user.findUniqueOrThrow({ where: { email: "outsider@example.com" } })), role: "editor" }, via: "session" };
    const member: Viewer = { kind: "user", user: { ...(await t.db.user.findUniqueOrThrow({ where: { email: "viewer@example.com" } })), role: "viewer" }, via: "session" };
    const recurrenceFor = async (viewer: Viewer) => {
      const [lesson] = await loadLibrary(t.db, incidentVisibilityWhere(viewer), { slug: "watch-the-cache" });
      return (await lessonRecurrence(t.db, lesson, incidentVisibilityWhere(viewer))).incidents.map((incident) => incident.slug);
    };
    expect(await recurrenceFor(outsider)).toEqual([]);
    expect(await recurrenceFor(member)).toEqual([RESTRICTED_SLUG]);
    const [shared] = await loadLibrary(t.db, incidentVisibilityWhere(outsider), { slug: LESSON });
    expect(shared.incidents.map((incident) => incident.slug)).toEqual([OPEN_SLUG]);
  });
});
