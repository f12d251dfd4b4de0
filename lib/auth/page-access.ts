import { can, type Action, type Viewer } from "./roles";

/**
 * Who may open each page (by its App Router pattern). Every app/**\/page.tsx has a row here and calls
 * guardPage(pattern) (app/_auth/guard-page.ts); tests/integration/auth/permission-matrix.test.ts fails
 * when a page has no row. "public": anyone; "setup": only while no account exists.
 */
export type PageAccess = Action | "public" | "setup";

export const PAGE_ACCESS: Record<string, { access: PageAccess; incident?: boolean }> = {
  "/": { access: "read" },
  "/incidents": { access: "read" },
  "/incidents/new": { access: "write" },
  "/incidents/[slug]": { access: "read", incident: true },
  "/incidents/[slug]/edit": { access: "write", incident: true },
  "/incidents/[slug]/postmortem": { access: "read", incident: true },
  "/incidents/[slug]/revisions": { access: "read", incident: true },
  "/incidents/[slug]/revisions/[id]": { access: "read", incident: true },
  "/incidents/[slug]/triage": { access: "read", incident: true },
  "/lessons": { access: "read" },
  "/lessons/[slug]": { access: "read" },
  "/checklists": { access: "read" },
  "/checklists/[name]": { access: "read" },
  "/checklists/for-diff": { access: "read" },
  "/runbooks": { access: "read" },
  "/search": { access: "read" },
  "/import": { access: "write" },
  "/tools": { access: "read" },
  "/tools/backports": { access: "read" },
  "/tools/diff-review": { access: "read" },
  "/tools/dump": { access: "read" },
  "/tools/trigger-window": { access: "read" },
  "/login": { access: "public" },
  "/setup": { access: "setup" },
  "/account": { access: "manage-own-account" },
  "/admin/users": { access: "manage-users" },
  "/admin/audit": { access: "view-audit" },
};

export type PageDecision = "allow" | "login" | "forbidden" | "not-found";

/**
 * The pure decision: sign in first (anonymous), forbidden (signed in, role too low), not found
 * (restricted incident the viewer is no member of — the same answer as a missing one), else allow.
 */
export function pageDecision(
  access: PageAccess,
  viewer: Viewer,
  context: { accountsExist: boolean; incidentVisible?: boolean; loopback?: boolean },
): PageDecision {
  if (access === "public") return "allow";
  if (access === "setup") return !context.accountsExist && context.loopback ? "allow" : "not-found";
  if (viewer.kind === "anonymous") return "login";
  if (!can(viewer, access)) return "forbidden";
  if (context.incidentVisible === false) return "not-found";
  return "allow";
}

/** "/incidents/[slug]" + {slug: "a b"} → "/incidents/a%20b" (for ?next= after sign-in). */
export function pathOf(pattern: string, params: Record<string, string> = {}): string {
  return pattern.replace(/\[(\w+)\]/g, (_match, name: string) => encodeURIComponent(params[name] ?? ""));
}
