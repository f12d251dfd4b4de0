/**
 * Roles and the one policy every route, page and CLI command asks: `can(viewer, action)`.
 * Incident visibility (restricted incidents) is separate: lib/auth/visibility.ts.
 */
export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * - read: pages, lists, search, exports
 * - write: incidents, entries, links, action items, attachments, lessons, checklists, imports,
 *   analyzers/triage with attach
 * - delete-incident, manage-users, manage-tokens (of others), view-audit, settings: admins only
 * - manage-own-account: password and own tokens, any signed-in user
 */
export const ACTIONS = ["read", "write", "delete-incident", "manage-users", "manage-tokens", "view-audit", "settings", "manage-own-account"] as const;
export type Action = (typeof ACTIONS)[number];

const MINIMUM_ROLE: Record<Action, Role> = {
  read: "viewer",
  write: "editor",
  "delete-incident": "admin",
  "manage-users": "admin",
  "manage-tokens": "admin",
  "view-audit": "admin",
  settings: "admin",
  "manage-own-account": "viewer",
};

export interface AccountUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * Who is asking. "single-user": no account exists yet (everything allowed, as before accounts);
 * "cli": a local command in single-user mode; "anonymous": accounts exist but nobody signed in.
 */
export type Viewer =
  | { kind: "single-user" }
  | { kind: "anonymous" }
  | { kind: "user"; user: AccountUser; via: "session" | "token" | "sso"; tokenId?: string; scope?: "read" | "write" };

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };
/** Actions that change nothing: the only ones a read-scope token may perform. */
const READ_ONLY_ACTIONS: ReadonlySet<Action> = new Set<Action>(["read", "view-audit"]);

export function can(viewer: Viewer, action: Action): boolean {
  if (viewer.kind === "single-user") return true;
  if (viewer.kind === "anonymous") return false;
  // A read-scope token never writes, whatever its owner's role; it may still read (and admins' read the audit log).
  if (viewer.via === "token" && viewer.scope === "read" && !READ_ONLY_ACTIONS.has(action)) return false;
  return RANK[viewer.user.role] >= RANK[MINIMUM_ROLE[action]];
}

export function isAdmin(viewer: Viewer): boolean {
  return viewer.kind === "single-user" || (viewer.kind === "user" && viewer.user.role === "admin");
}

/** The name recorded as author of revisions and entries. */
export function actorName(viewer: Viewer): string {
  return viewer.kind === "user" ? viewer.user.name || viewer.user.email : "";
}

/** The audit log's "who". */
export function auditActor(viewer: Viewer): { actor: string; userId: string | null } {
  if (viewer.kind === "user") {
    const actor = viewer.via === "token" ? `token:${viewer.tokenId} (${viewer.user.email})` : `user:${viewer.user.email}`;
    return { actor, userId: viewer.user.id };
  }
  return { actor: viewer.kind, userId: null };
}
