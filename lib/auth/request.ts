import type { Db } from "../db/client";
import { isRole, type Viewer } from "./roles";
import { lookupSession, sessionCookieFrom } from "./sessions";
import { lookupApiToken } from "./tokens";
import { recordAudit } from "./audit";
import { clientAddress, ssoConfigFrom, ssoDecision } from "./trusted-proxy";
import { accountsExist } from "./users";

/**
 * Who sent a request: session cookie, `Authorization: Bearer <token>`, or the trusted SSO header.
 * Plain data in (headers), so route handlers, pages and tests share it.
 */
export type AuthProblem = "expired-session" | "revoked-token" | "unknown-token" | "bad-authorization";

export interface ResolvedViewer {
  viewer: Viewer;
  /** Why a presented credential was not accepted (the response says so; the audit log records it). */
  problem?: AuthProblem;
  ip: string;
}

export async function resolveViewer(db: Db, headers: Headers, env: Record<string, string | undefined> = process.env): Promise<ResolvedViewer> {
  const sso = ssoConfigFrom(env);
  const ip = clientAddress(headers, sso);
  if (!(await accountsExist(db))) return { viewer: { kind: "single-user" }, ip };
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) return { viewer: { kind: "anonymous" }, problem: "bad-authorization", ip };
    const token = await lookupApiToken(db, match[1]);
    if (token.status === "valid") return { viewer: { kind: "user", user: token.user, via: "token", tokenId: token.tokenId, scope: token.scope }, ip };
    return { viewer: { kind: "anonymous" }, problem: token.status === "revoked" ? "revoked-token" : "unknown-token", ip };
  }
  const decision = ssoDecision(headers, sso);
  // An SSO header from anywhere but a trusted proxy is ignored (a forged X-Forwarded-For does not help).
  if (decision.kind === "denied") await recordAudit(db, { actor: "anonymous", action: "sso", targetType: "user", targetId: decision.email, ip, outcome: "denied", details: { reason: decision.reason, peer: decision.peer } });
  const ssoEmail = decision.kind === "accepted" ? decision.email : null;
  if (ssoEmail) {
    const user = await db.user.findUnique({ where: { email: ssoEmail } });
    if (user && !user.disabled) {
      return { viewer: { kind: "user", user: { id: user.id, email: user.email, name: user.name, role: isRole(user.role) ? user.role : "viewer" }, via: "sso" }, ip };
    }
    return { viewer: { kind: "anonymous" }, ip };
  }
  const session = await lookupSession(db, sessionCookieFrom(headers.get("cookie")));
  if (session.status === "valid") return { viewer: { kind: "user", user: session.user, via: "session" }, ip };
  return { viewer: { kind: "anonymous" }, problem: session.status === "expired" ? "expired-session" : undefined, ip };
}

export function authProblemMessage(problem: AuthProblem | undefined): string {
  switch (problem) {
    case "expired-session":
      return "your session has expired; sign in again";
    case "revoked-token":
      return "this API token has been revoked";
    case "unknown-token":
      return "this API token is not valid";
    case "bad-authorization":
      return 'the Authorization header must be "Bearer <token>"';
    default:
      return "sign in required (session cookie or Authorization: Bearer <token>)";
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * CSRF origin check for state-changing requests. A browser sends Origin on every cross-site POST; a
 * request carrying ambient credentials (session cookie, SSO header) must also prove where it came
 * from with Origin or Referer matching the host. Bearer-token requests carry no ambient credential
 * and are exempt. Returns the reason to refuse, or null.
 */
export function csrfProblem(method: string, headers: Headers, viewer: Viewer): string | null {
  if (!isStateChanging(method)) return null;
  if (viewer.kind === "user" && viewer.via === "token") return null;
  const host = (headers.get("x-forwarded-host") ?? headers.get("host") ?? "").split(",")[0].trim().toLowerCase();
  const origin = headers.get("origin");
  const referer = headers.get("referer");
  const hostOf = (value: string) => {
    try {
      return new URL(value).host.toLowerCase();
    } catch {
      return "";
    }
  };
  const ambient = viewer.kind === "user";
  if (origin && origin !== "null") return hostOf(origin) === host ? null : "cross-site request refused (Origin does not match the host)";
  if (referer) return hostOf(referer) === host ? null : "cross-site request refused (Referer does not match the host)";
  return ambient || origin === "null" ? "request refused: a state-changing request must carry an Origin or Referer header from this site" : null;
}
