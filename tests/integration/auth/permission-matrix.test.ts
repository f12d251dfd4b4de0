import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { databaseKinds, openTestDb, useAsDefaultDatabase, type TestDb } from "../../support/databases";
import { ACTORS, createCast, renewSessions, RESTRICTED_SLUG, type Actor, type Cast } from "./matrix-fixture";

/**
 * Every route handler and every page × anonymous / viewer / editor / admin / outsider (an editor
 * who is no member of the restricted incident). Route and page files are found on disk: a new
 * route or page without a row below fails the first tests.
 */

// Pages read the request through next/headers and leave through redirect()/notFound(): stand-ins.
const requestHeaders = { current: new Headers() };
vi.mock("next/headers", () => ({ headers: async () => requestHeaders.current, cookies: async () => ({ get: () => undefined, set: () => undefined }) }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error(`redirect ${to}`), { outcome: to.includes("denied=1") ? "forbidden" : "login" });
  },
  notFound: () => {
    throw Object.assign(new Error("not found"), { outcome: "not-found" });
  },
}));

const ROOT = path.resolve(__dirname, "../../..");
type Minimum = "public" | "viewer" | "editor" | "admin";

/** Least role per route and method. Incident routes (/api/v1/incidents/[slug]/…) also hide restricted incidents (404). */
const ROUTES: Record<string, Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Minimum>>> = {
  "/api/v1/analyze/backports": { POST: "viewer" },
  "/api/v1/analyze/diff": { POST: "viewer" },
  "/api/v1/analyze/dump": { POST: "viewer" },
  "/api/v1/audit": { GET: "admin" },
  "/api/v1/checklists": { GET: "viewer", POST: "editor" },
  "/api/v1/checklists/[name]": { GET: "viewer", PATCH: "editor", DELETE: "editor" },
  "/api/v1/checklists/export": { GET: "viewer" },
  "/api/v1/checklists/for-diff": { POST: "viewer" },
  "/api/v1/checklists/items": { GET: "viewer" },
  "/api/v1/health": { GET: "public" },
  "/api/v1/import": { POST: "editor" },
  "/api/v1/import/narrative": { POST: "viewer" },
  "/api/v1/import/narrative/save": { POST: "editor" },
  "/api/v1/incidents": { GET: "viewer", POST: "editor" },
  "/api/v1/incidents/[slug]": { GET: "viewer", PATCH: "editor", DELETE: "admin" },
  "/api/v1/incidents/[slug]/access": { GET: "viewer", PUT: "editor" },
  "/api/v1/incidents/[slug]/action-items": { GET: "viewer", POST: "editor" },
  "/api/v1/incidents/[slug]/action-items/[key]": { PATCH: "editor", DELETE: "editor" },
  "/api/v1/incidents/[slug]/attachments": { GET: "viewer", POST: "editor" },
  "/api/v1/incidents/[slug]/attachments/[id]": { GET: "viewer", DELETE: "editor" },
  "/api/v1/incidents/[slug]/entries": { GET: "viewer", POST: "editor" },
  "/api/v1/incidents/[slug]/entries/[key]": { GET: "viewer", PATCH: "editor", DELETE: "editor" },
  "/api/v1/incidents/[slug]/entry-choices": { GET: "viewer" },
  "/api/v1/incidents/[slug]/evidence": { POST: "editor" },
  "/api/v1/incidents/[slug]/export": { GET: "viewer" },
  "/api/v1/incidents/[slug]/lessons": { GET: "viewer", POST: "editor" },
  "/api/v1/incidents/[slug]/lessons/[lesson]": { DELETE: "editor" },
  "/api/v1/incidents/[slug]/links": { GET: "viewer", POST: "editor" },
  "/api/v1/incidents/[slug]/links/[id]": { DELETE: "editor" },
  "/api/v1/incidents/[slug]/revisions": { GET: "viewer" },
  "/api/v1/incidents/[slug]/revisions/[id]": { GET: "viewer" },
  "/api/v1/incidents/[slug]/revisions/[id]/restore": { POST: "editor" },
  "/api/v1/incidents/[slug]/similar": { GET: "viewer" },
  "/api/v1/incidents/[slug]/triage": { GET: "viewer" },
  "/api/v1/incidents/[slug]/triage/finish": { POST: "editor" },
  "/api/v1/incidents/[slug]/triage/outcome": { POST: "editor" },
  "/api/v1/incidents/[slug]/triage/skip": { POST: "editor" },
  "/api/v1/incidents/[slug]/triage/start": { POST: "editor" },
  "/api/v1/incidents/[slug]/triage/undo": { POST: "editor" },
  "/api/v1/lessons": { GET: "viewer" },
  "/api/v1/lessons/[slug]": { GET: "viewer", PATCH: "editor" },
  "/api/v1/openapi.json": { GET: "viewer" },
  "/api/v1/runbooks/generate": { POST: "viewer" },
  "/api/v1/runbooks/trigger-window": { POST: "viewer" },
  "/api/v1/search": { GET: "viewer" },
  "/logout": { POST: "public" },
};

/** Least role per page ("setup": only before the first account, so never once accounts exist). */
const PAGES: Record<string, Minimum | "setup"> = {
  "/": "viewer",
  "/incidents": "viewer",
  "/incidents/new": "editor",
  "/incidents/[slug]": "viewer",
  "/incidents/[slug]/edit": "editor",
  "/incidents/[slug]/postmortem": "viewer",
  "/incidents/[slug]/revisions": "viewer",
  "/incidents/[slug]/revisions/[id]": "viewer",
  "/incidents/[slug]/triage": "viewer",
  "/lessons": "viewer",
  "/lessons/[slug]": "viewer",
  "/checklists": "viewer",
  "/checklists/[name]": "viewer",
  "/checklists/for-diff": "viewer",
  "/runbooks": "viewer",
  "/search": "viewer",
  "/import": "editor",
  "/tools": "viewer",
  "/tools/backports": "viewer",
  "/tools/diff-review": "viewer",
  "/tools/dump": "viewer",
  "/tools/trigger-window": "viewer",
  "/login": "public",
  "/setup": "setup",
  "/account": "viewer",
  "/admin/users": "admin",
  "/admin/audit": "admin",
};

function filesNamed(dir: string, name: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) return filesNamed(full, name);
    return item.name === name ? [full] : [];
  });
}

/** app/incidents/[slug]/page.tsx → /incidents/[slug]; route groups "(x)" do not appear in URLs. */
function patternOf(file: string): string {
  const relative = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).filter((part) => part && !/^\(.*\)$/.test(part));
  return `/${relative.join("/")}`;
}

const routeFiles = filesNamed(path.join(ROOT, "app"), "route.ts");
const pageFiles = filesNamed(path.join(ROOT, "app"), "page.tsx");
const RANK: Record<Exclude<Actor, "anonymous">, number> = { viewer: 1, editor: 2, admin: 3, outsider: 2 };
const NEEDED: Record<Minimum, number> = { public: 0, viewer: 1, editor: 2, admin: 3 };
const PARAMS: Record<string, string> = { slug: RESTRICTED_SLUG, name: "no-such-checklist", key: "no-such-entry", id: "no-such-id", lesson: "no-such-lesson" };

/** The answer the policy demands: "allowed" means the guard let the request through (any status but 401/403). */
function expectedFor(actor: Actor, minimum: Minimum, incidentScoped: boolean): "allowed" | 401 | 403 | 404 {
  if (minimum === "public") return "allowed";
  if (actor === "anonymous") return 401;
  if (RANK[actor] < NEEDED[minimum]) return 403;
  if (actor === "outsider" && incidentScoped) return 404;
  return "allowed";
}

describe("permission matrix: every route and page has a row", () => {
  it("lists every route handler file and each of its methods, and nothing else", async () => {
    const found: Record<string, string[]> = {};
    for (const file of routeFiles) {
      const module = (await import(file)) as Record<string, unknown>;
      found[patternOf(file)] = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((method) => typeof module[method] === "function");
    }
    const declared = Object.fromEntries(Object.entries(ROUTES).map(([pattern, methods]) => [pattern, Object.keys(methods)]));
    expect(Object.keys(found).sort()).toEqual(Object.keys(declared).sort());
    for (const [pattern, methods] of Object.entries(found)) expect(methods.sort(), pattern).toEqual(declared[pattern].sort());
  });

  it("lists every page, and every page calls guardPage with its own pattern first", () => {
    const patterns = pageFiles.map(patternOf).sort();
    expect(patterns).toEqual(Object.keys(PAGES).sort());
    for (const file of pageFiles) {
      const source = fs.readFileSync(file, "utf8");
      const body = source.slice(source.indexOf("export default"));
      const firstStatement = body.slice(body.indexOf("{", body.indexOf(")")) + 1).trim().split("\n")[0];
      expect(firstStatement, file).toContain(`guardPage("${patternOf(file)}"`);
    }
  });
});

describe.each(databaseKinds.slice(0, 1))("permission matrix on %s", (kind) => {
  let t: TestDb;
  let restore: () => Promise<void>;
  let cast: Cast;
  beforeAll(async () => {
    t = await openTestDb(kind, "matrix");
    restore = await useAsDefaultDatabase(t);
    cast = await createCast(t.db);
  });
  afterAll(async () => {
    await restore?.();
    await t?.close();
  });

  const ROUTES_LOGOUT_CHECK = "/api/v1/incidents";
  const call = async (pattern: string, headers: Headers) => {
    const module = (await import(path.join(ROOT, "app", pattern, "route.ts"))) as { GET: (request: Request, context: unknown) => Promise<Response> };
    return (await module.GET(new Request(`http://casebook.test${pattern}`, { headers }), { params: Promise.resolve({}) })).status;
  };
  const headersFor = (actor: Actor, extra: Record<string, string> = {}) => {
    const headers = new Headers({ host: "casebook.test", "x-forwarded-for": "127.0.0.1", ...extra });
    if (actor !== "anonymous") headers.set("cookie", cast.cookies[actor]);
    return headers;
  };

  it("answers every route × actor as the policy says", async () => {
    const failures: string[] = [];
    for (const file of routeFiles) {
      const pattern = patternOf(file);
      const module = (await import(file)) as Record<string, (request: Request, context: unknown) => Promise<Response>>;
      const incidentScoped = pattern.startsWith("/api/v1/incidents/[slug]");
      for (const [method, minimum] of Object.entries(ROUTES[pattern])) {
        for (const actor of ACTORS) {
          const url = `http://casebook.test${pattern.replace(/\[(\w+)\]/g, (_m, name: string) => PARAMS[name])}${method === "DELETE" ? "?version=999" : ""}`;
          const write = method !== "GET";
          const request = new Request(url, {
            method,
            headers: headersFor(actor, write ? { origin: "http://casebook.test", "content-type": "application/json" } : {}),
            body: write ? "{}" : undefined,
          });
          const params = Object.fromEntries(Object.keys(PARAMS).map((name) => [name, PARAMS[name]]));
          const response = await module[method](request, { params: Promise.resolve(params) });
          const expected = expectedFor(actor, minimum!, incidentScoped);
          const ok = expected === "allowed" ? response.status !== 401 && response.status !== 403 : response.status === expected;
          if (!ok) failures.push(`${method} ${pattern} as ${actor}: got ${response.status}, expected ${expected} (${(await response.text()).slice(0, 120)})`);
        }
      }
    }
    expect(failures).toEqual([]);
    // POST /logout above ended every session; the matrix also proved it does.
    const stillSignedIn = await call(ROUTES_LOGOUT_CHECK, headersFor("admin"));
    expect(stillSignedIn).toBe(401);
    await renewSessions(t.db, cast);
  });

  it("answers every page × actor as the policy says (guardPage run as the page runs it)", async () => {
    const { guardPage } = await import("@/app/_auth/guard-page");
    const failures: string[] = [];
    for (const [pattern, minimum] of Object.entries(PAGES)) {
      const incidentScoped = pattern.startsWith("/incidents/[slug]");
      for (const actor of ACTORS) {
        requestHeaders.current = headersFor(actor);
        let outcome = "allowed";
        try {
          await guardPage(pattern, { slug: RESTRICTED_SLUG, id: "1", name: "n" });
        } catch (error) {
          outcome = (error as { outcome?: string }).outcome ?? `error: ${(error as Error).message}`;
        }
        const wanted =
          minimum === "setup" ? "not-found" : ({ allowed: "allowed", 401: "login", 403: "forbidden", 404: "not-found" } as const)[expectedFor(actor, minimum, incidentScoped)];
        if (outcome !== wanted) failures.push(`${pattern} as ${actor}: ${outcome}, expected ${wanted}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses cross-site writes with a session, read-scope tokens on writes, and revoked tokens, each with an audit entry", async () => {
    const incidents = await import("@/app/api/v1/incidents/route");
    const post = (headers: Headers) => incidents.POST(new Request("http://casebook.test/api/v1/incidents", { method: "POST", headers, body: "{}" }), { params: Promise.resolve({}) });
    const crossSite = await post(headersFor("editor", { origin: "https://evil.example", "content-type": "application/json" }));
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { error: string }).error).toMatch(/cross-site/);
    const noOrigin = await post(headersFor("editor", { "content-type": "application/json" }));
    expect(noOrigin.status).toBe(403);

    const readOnly = await post(new Headers({ host: "casebook.test", authorization: `Bearer ${cast.readToken}`, "content-type": "application/json" }));
    expect(readOnly.status).toBe(403);
    expect(((await readOnly.json()) as { error: string }).error).toMatch(/read scope/);
    // Bearer requests carry no ambient credential: no Origin needed, and a write token passes the guard (400: empty body).
    const writeToken = await post(new Headers({ host: "casebook.test", authorization: `Bearer ${cast.tokens.editor}`, "content-type": "application/json" }));
    expect(writeToken.status).toBe(400);

    const bogus = await post(new Headers({ host: "casebook.test", authorization: "Bearer cb_not-a-real-token", "content-type": "application/json" }));
    expect(bogus.status).toBe(401);
    const denied = await t.db.auditEvent.findMany({ where: { outcome: { in: ["denied", "failed"] }, action: "POST /api/v1/incidents" } });
    expect(denied.map((event) => event.outcome).sort()).toEqual(expect.arrayContaining(["denied", "denied", "denied", "failed"]));
  });
});
