import { describe, expect, it } from "vitest";
import { ACTIONS, can, type Action, type Role, type Viewer } from "@/lib/auth/roles";
import { PAGE_ACCESS, pageDecision, pathOf } from "@/lib/auth/page-access";
import { csrfProblem } from "@/lib/auth/request";
import { incidentVisibilityWhere } from "@/lib/auth/visibility";

const user = (role: Role, extra: Partial<Extract<Viewer, { kind: "user" }>> = {}): Viewer => ({
  kind: "user",
  user: { id: `id-${role}`, email: `${role}@example.com`, name: role, role },
  via: "session",
  ...extra,
});

const EXPECTED: Record<Role, Action[]> = {
  viewer: ["read", "manage-own-account"],
  editor: ["read", "write", "manage-own-account"],
  admin: [...ACTIONS],
};

describe("can(viewer, action)", () => {
  it.each(Object.entries(EXPECTED))("%s may do exactly its actions", (role, allowed) => {
    for (const action of ACTIONS) expect(can(user(role as Role), action), `${role} ${action}`).toBe(allowed.includes(action));
  });

  it("single-user mode may do everything; anonymous nothing", () => {
    for (const action of ACTIONS) {
      expect(can({ kind: "single-user" }, action)).toBe(true);
      expect(can({ kind: "anonymous" }, action)).toBe(false);
    }
  });

  it("a read-scope token only reads, whatever its owner's role; a write-scope token has the role's rights", () => {
    const readToken = user("admin", { via: "token", scope: "read", tokenId: "t1" });
    expect(ACTIONS.filter((action) => can(readToken, action))).toEqual(["read", "view-audit"]);
    expect(ACTIONS.filter((action) => can(user("viewer", { via: "token", scope: "read", tokenId: "t0" }), action))).toEqual(["read"]);
    expect(can(user("editor", { via: "token", scope: "write", tokenId: "t2" }), "write")).toBe(true);
    expect(can(user("viewer", { via: "token", scope: "write", tokenId: "t3" }), "write")).toBe(false);
  });
});

describe("incident visibility filter", () => {
  it("admins and single-user see all; others unrestricted or their own memberships", () => {
    expect(incidentVisibilityWhere(user("admin"))).toEqual({});
    expect(incidentVisibilityWhere({ kind: "single-user" })).toEqual({});
    expect(incidentVisibilityWhere({ kind: "anonymous" })).toEqual({ restricted: false });
    expect(incidentVisibilityWhere(user("editor"))).toEqual({ OR: [{ restricted: false }, { members: { some: { userId: "id-editor" } } }] });
  });
});

describe("page decisions", () => {
  it("anonymous → login, too-low role → forbidden, hidden incident → not found", () => {
    expect(pageDecision("read", { kind: "anonymous" }, { accountsExist: true })).toBe("login");
    expect(pageDecision("write", user("viewer"), { accountsExist: true })).toBe("forbidden");
    expect(pageDecision("read", user("viewer"), { accountsExist: true, incidentVisible: false })).toBe("not-found");
    expect(pageDecision("read", user("viewer"), { accountsExist: true, incidentVisible: true })).toBe("allow");
    expect(pageDecision("public", { kind: "anonymous" }, { accountsExist: true })).toBe("allow");
  });

  it("setup is open only while no account exists and only from loopback", () => {
    expect(pageDecision("setup", { kind: "single-user" }, { accountsExist: false, loopback: true })).toBe("allow");
    expect(pageDecision("setup", { kind: "single-user" }, { accountsExist: false, loopback: false })).toBe("not-found");
    expect(pageDecision("setup", user("admin"), { accountsExist: true, loopback: true })).toBe("not-found");
  });

  it("builds the ?next= path from a pattern", () => {
    expect(pathOf("/incidents/[slug]/revisions/[id]", { slug: "a b", id: "7" })).toBe("/incidents/a%20b/revisions/7");
    expect(Object.keys(PAGE_ACCESS)).toContain("/admin/audit");
  });
});

describe("CSRF origin check", () => {
  const headers = (entries: Record<string, string>) => new Headers({ host: "casebook.example:3000", ...entries });
  const session = user("editor");
  it("refuses a cookie-authenticated state change from another origin or with no origin at all", () => {
    expect(csrfProblem("POST", headers({ origin: "https://evil.example" }), session)).toMatch(/Origin does not match/);
    expect(csrfProblem("DELETE", headers({ referer: "https://evil.example/page" }), session)).toMatch(/Referer does not match/);
    expect(csrfProblem("PATCH", headers({}), session)).toMatch(/must carry an Origin or Referer/);
  });

  it("accepts same-origin requests, reads, and bearer-token requests", () => {
    expect(csrfProblem("POST", headers({ origin: "http://casebook.example:3000" }), session)).toBeNull();
    expect(csrfProblem("POST", headers({ referer: "http://casebook.example:3000/incidents/x" }), session)).toBeNull();
    expect(csrfProblem("GET", headers({ origin: "https://evil.example" }), session)).toBeNull();
    expect(csrfProblem("POST", headers({ origin: "https://evil.example" }), user("editor", { via: "token", scope: "write", tokenId: "t" }))).toBeNull();
  });

  it("in single-user mode refuses only a mismatching Origin (scripts without one keep working)", () => {
    expect(csrfProblem("POST", headers({}), { kind: "single-user" })).toBeNull();
    expect(csrfProblem("POST", headers({ origin: "https://evil.example" }), { kind: "single-user" })).toMatch(/Origin/);
  });
});
