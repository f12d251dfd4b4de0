import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as incidentsRoute from "@/app/api/v1/incidents/route";
import * as incidentRoute from "@/app/api/v1/incidents/[slug]/route";
import * as entriesRoute from "@/app/api/v1/incidents/[slug]/entries/route";
import * as exportRoute from "@/app/api/v1/incidents/[slug]/export/route";
import * as similarRoute from "@/app/api/v1/incidents/[slug]/similar/route";
import * as searchRoute from "@/app/api/v1/search/route";
import { signIn, WRONG_CREDENTIALS } from "@/lib/auth/login";
import { resolveViewer } from "@/lib/auth/request";
import { hashSecret, lookupSession } from "@/lib/auth/sessions";
import { lookupApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { runCli } from "@/lib/cli/main";
import { captureIO } from "../../fixtures/git/cli-io";
import { databaseKinds, openTestDb, useAsDefaultDatabase, type TestDb } from "../../support/databases";
import { callAs, createCast, OPEN_SLUG, PASSWORD, RESTRICTED_SLUG, type Cast, type RouteHandler } from "./matrix-fixture";

type Handler = RouteHandler;

describe.each(databaseKinds)("accounts, sessions, tokens and restricted incidents on %s", (kind) => {
  let t: TestDb;
  let restore: () => Promise<void>;
  let cast: Cast;
  beforeAll(async () => {
    t = await openTestDb(kind, "accounts");
    restore = await useAsDefaultDatabase(t);
    cast = await createCast(t.db);
  });
  afterAll(async () => {
    await restore?.();
    await t?.close();
  });

  const as = callAs;

  it("signs in with the right password only, with one message for wrong passwords and unknown emails, all audited", async () => {
    const ok = await signIn(t.db, { email: "Viewer@Example.com ", password: PASSWORD, ip: "192.0.2.1" });
    expect(ok.user.email).toBe("viewer@example.com");
    expect((await lookupSession(t.db, ok.cookieValue)).status).toBe("valid");
    const wrong = await signIn(t.db, { email: "viewer@example.com", password: "not the password", ip: "192.0.2.1" }).catch((error: Error) => error);
    const unknown = await signIn(t.db, { email: "nobody@example.com", password: "not the password", ip: "192.0.2.1" }).catch((error: Error) => error);
    expect([(wrong as Error).message, (unknown as Error).message]).toEqual([WRONG_CREDENTIALS, WRONG_CREDENTIALS]);
    expect([(wrong as unknown as { status: number }).status, (unknown as unknown as { status: number }).status]).toEqual([401, 401]);
    const logins = await t.db.auditEvent.findMany({ where: { action: "login", ip: "192.0.2.1" }, orderBy: { at: "asc" } });
    expect(logins.map((event) => [event.outcome, event.targetId])).toEqual([
      ["success", "viewer@example.com"],
      ["failed", "viewer@example.com"],
      ["failed", "nobody@example.com"],
    ]);
  });

  it("locks an account after 10 failures in 15 minutes, even from new addresses and with the right password", async () => {
    for (let i = 0; i < 10; i++) {
      await expect(signIn(t.db, { email: "admin@example.com", password: `wrong ${i} password`, ip: `203.0.113.${i}` })).rejects.toMatchObject({ status: 401 });
    }
    await expect(signIn(t.db, { email: "admin@example.com", password: PASSWORD, ip: "203.0.113.200" })).rejects.toMatchObject({ status: 429 });
    const denied = await t.db.auditEvent.count({ where: { action: "login", outcome: "denied", targetId: "admin@example.com" } });
    expect(denied).toBe(1);
    // Older failures leave the window: the account opens again.
    await t.db.auditEvent.updateMany({ where: { action: "login", targetId: "admin@example.com" }, data: { at: new Date(Date.now() - 16 * 60 * 1000) } });
    expect((await signIn(t.db, { email: "admin@example.com", password: PASSWORD, ip: "203.0.113.200" })).user.role).toBe("admin");
  });

  it("SSO: believes the header only from a trusted socket peer; a forged X-Forwarded-For is ignored and audited", async () => {
    const env = { CASEBOOK_TRUSTED_PROXIES: "10.0.0.5" };
    const forged = await resolveViewer(t.db, new Headers({ "x-forwarded-user": "editor@example.com", "x-forwarded-for": "10.0.0.5" }), env);
    expect(forged.viewer.kind).toBe("anonymous");
    const direct = await resolveViewer(t.db, new Headers({ "x-forwarded-user": "editor@example.com", "x-forwarded-for": "10.0.0.5", "x-casebook-peer": "203.0.113.66" }), env);
    expect([direct.viewer.kind, direct.ip]).toEqual(["anonymous", "203.0.113.66"]);
    const viaProxy = await resolveViewer(t.db, new Headers({ "x-forwarded-user": "Editor@example.com", "x-forwarded-for": "198.51.100.20", "x-casebook-peer": "10.0.0.5" }), env);
    expect(viaProxy.viewer).toMatchObject({ kind: "user", via: "sso", user: { email: "editor@example.com" } });
    expect(viaProxy.ip).toBe("198.51.100.20");
    const denied = await t.db.auditEvent.findMany({ where: { action: "sso", outcome: "denied", targetId: "editor@example.com" }, orderBy: { at: "asc" } });
    expect(denied.map((event) => [event.ip, JSON.parse(event.details).reason])).toEqual([
      ["10.0.0.5", "no-peer"],
      ["203.0.113.66", "untrusted-peer"],
    ]);
  });

  it("answers an expired session with 401 and says so", async () => {
    const session = await signIn(t.db, { email: "editor@example.com", password: PASSWORD, ip: "192.0.2.9" });
    await t.db.session.updateMany({ where: { id: hashSecret(session.cookieValue) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const response = await as(incidentsRoute.GET, { cookie: `casebook_session=${session.cookieValue}` });
    expect(response.status).toBe(401);
    expect(response.body?.error).toMatch(/expired/);
    expect(await t.db.auditEvent.count({ where: { outcome: "failed", details: { contains: "session has expired" } } })).toBeGreaterThan(0);
    // The expired row is gone; the same user's other session still works.
    expect(await t.db.session.count({ where: { id: hashSecret(session.cookieValue) } })).toBe(0);
    expect((await as(incidentsRoute.GET, { cookie: cast.cookies.editor })).status).toBe(200);
  });

  it("records token use, and refuses a revoked token with 401 and an audit entry", async () => {
    const first = await lookupApiToken(t.db, cast.tokens.viewer);
    expect(first.status).toBe("valid");
    const row = await t.db.apiToken.findFirstOrThrow({ where: { user: { email: "viewer@example.com" }, name: "matrix" } });
    expect(row.lastUsedAt).not.toBeNull();
    expect(row.hash).not.toContain(cast.tokens.viewer.slice(3));
    await revokeApiToken(t.db, row.id, null);
    const refused = await as(incidentsRoute.GET, { token: cast.tokens.viewer });
    expect(refused.status).toBe(401);
    expect(refused.body?.error).toMatch(/revoked/);
    expect(await t.db.auditEvent.count({ where: { outcome: "failed", details: { contains: "revoked" } } })).toBeGreaterThan(0);
  });

  it("names the signed-in user as author, whatever the body claims", async () => {
    const created = await as(entriesRoute.POST, { token: cast.tokens.editor }, {
      method: "POST",
      url: `http://casebook.test/api/v1/incidents/${OPEN_SLUG}/entries`,
      params: { slug: OPEN_SLUG },
      json: { at: "2024-03-01T10:05:00Z", kind: "observation", title: "RSS climbs", author: "someone else" },
    });
    expect(created.status).toBe(201);
    expect(created.body?.author).toBe("editor name");
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: `POST /api/v1/incidents/${OPEN_SLUG}/entries` } });
    expect([audit.outcome, audit.targetId, audit.ip]).toEqual(["success", OPEN_SLUG, "198.51.100.7"]);
    expect(audit.actor).toMatch(/^token:.+ \(editor@example.com\)$/);
  });

  it("never shows a restricted incident to a non-member: list, page, export, search, similar incidents", async () => {
    const outsider = { cookie: cast.cookies.outsider };
    const member = { cookie: cast.cookies.viewer };
    const slugs = async (credential: { cookie: string }) => ((await as(incidentsRoute.GET, credential)).body?.incidents as Array<{ slug: string }>).map((item) => item.slug).sort();
    expect(await slugs(outsider)).toEqual([OPEN_SLUG]);
    expect(await slugs(member)).toEqual([OPEN_SLUG, RESTRICTED_SLUG]);
    expect(await slugs({ cookie: cast.cookies.admin })).toEqual([OPEN_SLUG, RESTRICTED_SLUG]);

    const page = (credential: { cookie: string }) => as(incidentRoute.GET as Handler, credential, { url: `http://casebook.test/api/v1/incidents/${RESTRICTED_SLUG}`, params: { slug: RESTRICTED_SLUG } });
    expect((await page(outsider)).status).toBe(404);
    expect((await page(outsider)).body?.error).toBe(`no incident with slug "${RESTRICTED_SLUG}"`);
    expect((await page(member)).status).toBe(200);
    const exported = (credential: { cookie: string }) => as(exportRoute.GET as Handler, credential, { url: `http://casebook.test/api/v1/incidents/${RESTRICTED_SLUG}/export?format=json`, params: { slug: RESTRICTED_SLUG } });
    expect((await exported(outsider)).status).toBe(404);
    expect((await exported(member)).status).toBe(200);
    expect(await t.db.auditEvent.count({ where: { action: "export", targetId: RESTRICTED_SLUG, outcome: "success" } })).toBe(1);

    const search = async (credential: { cookie: string }) => {
      const response = await as(searchRoute.GET, credential, { url: "http://casebook.test/api/v1/search?q=cache%20leak" });
      // Runbook steps and checklist items belong to no incident (incident: null).
      const hits = response.body?.results as Array<{ incident: { slug: string } | null }>;
      return { slugs: [...new Set(hits.flatMap((hit) => (hit.incident ? [hit.incident.slug] : [])))].sort(), text: response.text };
    };
    expect((await search(member)).slugs).toEqual([OPEN_SLUG, RESTRICTED_SLUG]);
    const hidden = await search(outsider);
    expect(hidden.slugs).toEqual([OPEN_SLUG]);
    expect(hidden.text).not.toContain("customer names");
    expect(hidden.text).not.toContain(RESTRICTED_SLUG);

    const similar = async (credential: { cookie: string }) => {
      const response = await as(similarRoute.GET as Handler, credential, { url: `http://casebook.test/api/v1/incidents/${OPEN_SLUG}/similar`, params: { slug: OPEN_SLUG } });
      return (response.body?.similar as Array<{ slug: string }>).map((item) => item.slug);
    };
    expect(await similar({ cookie: cast.cookies.admin })).toContain(RESTRICTED_SLUG);
    expect(await similar(outsider)).not.toContain(RESTRICTED_SLUG);
  });

  it("names only visible incidents as a lesson's sources", async () => {
    const lessonsOf = await import("@/app/api/v1/incidents/[slug]/lessons/route");
    const lessonsRoute = await import("@/app/api/v1/lessons/route");
    const added = await as(lessonsOf.POST as Handler, { cookie: cast.cookies.editor }, {
      method: "POST",
      url: `http://casebook.test/api/v1/incidents/${RESTRICTED_SLUG}/lessons`,
      params: { slug: RESTRICTED_SLUG },
      json: { title: "Cap the export buffer", body: "Bound it." },
    });
    expect(added.status, added.text).toBe(201);
    const sources = async (cookie: string) => {
      const lessons = (await as(lessonsRoute.GET as Handler, { cookie })).body?.lessons as Array<{ title: string; incidents: Array<{ slug: string }> }>;
      return lessons.find((lesson) => lesson.title === "Cap the export buffer")!.incidents.map((incident) => incident.slug);
    };
    expect(await sources(cast.cookies.editor)).toEqual([RESTRICTED_SLUG]);
    expect(await sources(cast.cookies.outsider)).toEqual([]);
  });

  it("refuses an import that would replace a restricted incident the caller cannot see", async () => {
    const importRoute = await import("@/app/api/v1/import/route");
    const attempt = (cookie: string) =>
      as(importRoute.POST as Handler, { cookie }, { method: "POST", url: "http://casebook.test/api/v1/import", json: { files: { [`${RESTRICTED_SLUG}.md`]: "---\ntitle: overwritten\n---\n" } } });
    const refused = await attempt(cast.cookies.outsider);
    expect(refused.status).toBe(404);
    // A member gets as far as validating the (deliberately incomplete) file.
    expect((await attempt(cast.cookies.editor)).status).not.toBe(404);
    expect((await t.db.incident.findUniqueOrThrow({ where: { slug: RESTRICTED_SLUG } })).title).toContain("Restricted");
  });

  it("CLI: needs a token once accounts exist, and applies the same visibility to incident list, show, search and export", async () => {
    const run = async (args: string[], token?: string) => {
      const io = captureIO();
      if (token) io.env.CASEBOOK_TOKEN = token;
      else delete io.env.CASEBOOK_TOKEN;
      const code = await runCli(args, io);
      return { code, out: io.output(), err: io.errors() };
    };
    const anonymous = await run(["incident", "list", "--json"]);
    expect(anonymous.code).toBe(2);
    expect(anonymous.err).toMatch(/--token/);

    const listed = (out: string) => (JSON.parse(out) as Array<{ slug: string }>).map((item) => item.slug).sort();
    expect(listed((await run(["incident", "list", "--json"], cast.tokens.outsider)).out)).toEqual([OPEN_SLUG]);
    expect(listed((await run(["incident", "list", "--json", "--token", cast.tokens.editor])).out)).toEqual([OPEN_SLUG, RESTRICTED_SLUG]);
    const shown = await run(["incident", "show", RESTRICTED_SLUG], cast.tokens.outsider);
    expect([shown.code, shown.out]).toEqual([2, ""]);
    expect(shown.err).toContain("no incident");
    const searched = await run(["search", "cache leak", "--json"], cast.tokens.outsider);
    expect(searched.code).toBe(0);
    expect(searched.out).not.toContain(RESTRICTED_SLUG);

    const out = fs.mkdtempSync(path.join(os.tmpdir(), "casebook-export-"));
    try {
      expect((await run(["export", "--out", out], cast.tokens.outsider)).code).toBe(0);
      expect(fs.readdirSync(path.join(out, "incidents")).filter((name) => name.endsWith(".md")).sort()).toEqual([`${OPEN_SLUG}.md`]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
    const bogus = await run(["search", "cache"], "cb_bogus");
    expect(bogus.code).toBe(2);
    expect(bogus.err).toMatch(/not valid/);
  });
});
