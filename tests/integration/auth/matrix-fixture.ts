import { createApiToken } from "@/lib/auth/tokens";
import { createSession } from "@/lib/auth/sessions";
import { createUser } from "@/lib/auth/users";
import { setIncidentAccess } from "@/lib/auth/visibility";
import type { Db } from "@/lib/db/client";
import { createIncident } from "@/lib/incidents/incidents";

/**
 * The cast of the auth tests: an admin, an editor and a viewer who are members of the restricted
 * incident, and an "outsider" editor who is not. Each has a session cookie and a write token.
 */
export const ACTORS = ["anonymous", "viewer", "editor", "admin", "outsider"] as const;
export type Actor = (typeof ACTORS)[number];

export const RESTRICTED_SLUG = "restricted-incident";
export const OPEN_SLUG = "open-incident";
export const PASSWORD = "a long enough password";

export interface Cast {
  cookies: Record<Exclude<Actor, "anonymous">, string>;
  tokens: Record<Exclude<Actor, "anonymous">, string>;
  readToken: string;
}

export async function createCast(db: Db): Promise<Cast> {
  const roles = { viewer: "viewer", editor: "editor", admin: "admin", outsider: "editor" } as const;
  const cookies = {} as Cast["cookies"];
  const tokens = {} as Cast["tokens"];
  let readToken = "";
  for (const [actor, role] of Object.entries(roles) as Array<[keyof typeof roles, string]>) {
    const user = await createUser(db, { email: `${actor}@example.com`, name: `${actor} name`, role, password: PASSWORD });
    cookies[actor] = `casebook_session=${(await createSession(db, user.id)).cookieValue}`;
    tokens[actor] = (await createApiToken(db, user.id, { name: "matrix", scope: "write" })).token;
    if (actor === "editor") readToken = (await createApiToken(db, user.id, { name: "read only", scope: "read" })).token;
  }
  const incident = (slug: string, title: string) => ({ slug, title, timezone: "UTC", detectedAt: "2024-03-01T10:00:00Z", tags: ["leak"], services: ["cache"], facts: { system: "redis" } });
  await createIncident(db, incident(OPEN_SLUG, "Open cache leak"));
  await createIncident(db, incident(RESTRICTED_SLUG, "Restricted cache leak with customer names"));
  const admin: Parameters<typeof setIncidentAccess>[1] = { kind: "user", user: { id: "", email: "admin@example.com", name: "", role: "admin" }, via: "session" };
  await setIncidentAccess(db, admin, RESTRICTED_SLUG, { restricted: true, memberEmails: ["viewer@example.com", "editor@example.com"] });
  return { cookies, tokens, readToken };
}

/** New session cookies for everyone (the matrix signs everyone out through POST /logout). */
export async function renewSessions(db: Db, cast: Cast): Promise<void> {
  for (const actor of Object.keys(cast.cookies) as Array<keyof Cast["cookies"]>) {
    const user = await db.user.findUniqueOrThrow({ where: { email: `${actor}@example.com` } });
    cast.cookies[actor] = `casebook_session=${(await createSession(db, user.id)).cookieValue}`;
  }
}

export type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Calls a route handler as a signed-in user (session cookie) or a token holder, the way a browser or CLI would. */
export async function callAs(
  handler: RouteHandler,
  credential: { cookie?: string; token?: string },
  options: { url?: string; params?: Record<string, string>; method?: string; json?: unknown } = {},
): Promise<{ status: number; text: string; body: Record<string, unknown> | null }> {
  const headers = new Headers({ host: "casebook.test", "x-forwarded-for": "198.51.100.7" });
  if (credential.cookie) headers.set("cookie", credential.cookie);
  if (credential.token) headers.set("authorization", `Bearer ${credential.token}`);
  if (options.json !== undefined) headers.set("content-type", "application/json");
  if (options.method && options.method !== "GET") headers.set("origin", "http://casebook.test");
  const request = new Request(options.url ?? "http://casebook.test/api/v1/incidents", { method: options.method ?? "GET", headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return { status: response.status, text, body: text.startsWith("{") ? (JSON.parse(text) as Record<string, unknown>) : null };
}
