import type { Db } from "../db/client";
import { recordAudit } from "./audit";
import { TooManyAttemptsError, UnauthorizedError } from "./errors";
import { dummyPasswordHash, verifyPassword } from "./passwords";
import { loginBlocked, recentLoginFailures } from "./rate-limit";
import { isRole, type AccountUser } from "./roles";
import { createSession, endSession } from "./sessions";

/** The only message a failed sign-in ever shows: it must not tell whether the email exists. */
export const WRONG_CREDENTIALS = "wrong email or password";

export interface LoginAttempt {
  email: string;
  password: string;
  ip: string;
  userAgent?: string;
}

/**
 * Checks the password (scrypt against a dummy hash for unknown or disabled accounts, so every
 * failure costs the same), applies the rate limit, records the outcome, opens a session.
 */
export async function signIn(db: Db, attempt: LoginAttempt): Promise<{ user: AccountUser; cookieValue: string; expiresAt: Date }> {
  const email = attempt.email.trim().toLowerCase().slice(0, 200);
  const audit = (outcome: "success" | "failed" | "denied", details: Record<string, unknown> = {}, userId?: AccountUser) =>
    recordAudit(db, {
      viewer: userId ? { kind: "user", user: userId, via: "session" } : undefined,
      actor: userId ? undefined : `login:${email}`,
      action: "login",
      targetType: "account",
      targetId: email,
      ip: attempt.ip,
      outcome,
      details,
    });
  if (loginBlocked(await recentLoginFailures(db, attempt.ip, email))) {
    await audit("denied", { reason: "rate-limited" });
    throw new TooManyAttemptsError("too many failed sign-ins; wait 15 minutes and try again");
  }
  const row = email ? await db.user.findUnique({ where: { email } }) : null;
  const usable = row !== null && !row.disabled;
  const matches = await verifyPassword(attempt.password, usable ? row.passwordHash : await dummyPasswordHash());
  if (!usable || !matches) {
    await audit("failed");
    throw new UnauthorizedError(WRONG_CREDENTIALS);
  }
  const user: AccountUser = { id: row.id, email: row.email, name: row.name, role: isRole(row.role) ? row.role : "viewer" };
  const session = await createSession(db, user.id, { ip: attempt.ip, userAgent: attempt.userAgent });
  await audit("success", {}, user);
  return { user, ...session };
}

export async function signOut(db: Db, cookieValue: string, user: AccountUser | null, ip: string): Promise<void> {
  await endSession(db, cookieValue);
  if (user) await recordAudit(db, { viewer: { kind: "user", user, via: "session" }, action: "logout", targetType: "account", targetId: user.email, ip, outcome: "success" });
}

/** "/incidents/x" style paths only, so ?next= cannot send someone to another site after sign-in. */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next.slice(0, 500);
}
