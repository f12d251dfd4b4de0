import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import { isRole, type AccountUser } from "./roles";

/** Sessions end after a week without use; the cookie value is 32 random bytes, the table stores its SHA-256. */
export const SESSION_COOKIE = "casebook_session";
export const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
/** lastSeenAt/expiresAt are refreshed at most this often, so reads do not write on every request. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export async function createSession(db: Db, userId: string, meta: { ip?: string; userAgent?: string } = {}): Promise<{ cookieValue: string; expiresAt: Date }> {
  const cookieValue = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_IDLE_MS);
  await db.session.create({
    data: { id: hashSecret(cookieValue), userId, expiresAt, ip: (meta.ip ?? "").slice(0, 100), userAgent: (meta.userAgent ?? "").slice(0, 300) },
  });
  // Expired sessions are swept on sign-in rather than by a timer.
  await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return { cookieValue, expiresAt };
}

export type SessionLookup = { status: "valid"; user: AccountUser } | { status: "expired" } | { status: "none" };

export async function lookupSession(db: Db, cookieValue: string): Promise<SessionLookup> {
  if (!cookieValue) return { status: "none" };
  const session = await db.session.findUnique({ where: { id: hashSecret(cookieValue) }, include: { user: true } });
  if (!session || session.user.disabled) return { status: "none" };
  const now = Date.now();
  if (session.expiresAt.getTime() <= now) {
    await db.session.deleteMany({ where: { id: session.id } });
    return { status: "expired" };
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: new Date(now), expiresAt: new Date(now + SESSION_IDLE_MS) } });
  }
  const { user } = session;
  return { status: "valid", user: { id: user.id, email: user.email, name: user.name, role: isRole(user.role) ? user.role : "viewer" } };
}

export async function endSession(db: Db, cookieValue: string): Promise<void> {
  if (cookieValue) await db.session.deleteMany({ where: { id: hashSecret(cookieValue) } });
}

/** Set-Cookie value: httpOnly, SameSite=Lax, Secure when the request came over HTTPS. */
export function sessionCookieHeader(value: string, options: { secure: boolean; expiresAt?: Date }): string {
  const parts = [`${SESSION_COOKIE}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (options.secure) parts.push("Secure");
  parts.push(options.expiresAt ? `Expires=${options.expiresAt.toUTCString()}` : "Max-Age=0");
  return parts.join("; ");
}

/** The session cookie from a Cookie header. */
export function sessionCookieFrom(cookieHeader: string | null): string {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=");
  }
  return "";
}
