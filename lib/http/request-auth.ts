import type { Db } from "../db/client";
import { recordAudit, type AuditInput } from "../auth/audit";
import { UnauthorizedError } from "../auth/errors";
import { actorName, can, type Action, type Viewer } from "../auth/roles";
import { assertIncidentVisible, hiddenIncidentIds } from "../auth/visibility";
import { ForbiddenError } from "../errors";

/**
 * What a guarded route handler knows about its caller (third argument of route() handlers).
 * Kept in a WeakMap by request too, so `actorOf(request)` names the signed-in user.
 */
export interface RequestAuth {
  viewer: Viewer;
  ip: string;
  /** Author name for revisions/entries: the signed-in user's name; "" in single-user mode. */
  actor: string;
  /** Throws 401/403 unless the viewer may do this (e.g. an analysis that attaches evidence needs "write"). */
  require(action: Action): void;
  /** Throws 404 when the incident does not exist or is restricted and the viewer is no member. */
  assertIncidentVisible(slug: string): Promise<void>;
  /** Incidents hidden from the viewer (restricted, not a member); [] when everything is visible. */
  hiddenIncidentIds(): Promise<string[]>;
  audit(input: Omit<AuditInput, "viewer" | "ip">): Promise<void>;
}

const authByRequest = new WeakMap<Request, RequestAuth>();

export function authOfRequest(request: Request): RequestAuth | undefined {
  return authByRequest.get(request);
}

export function denialFor(viewer: Viewer, action: Action): Error {
  if (viewer.kind === "anonymous") return new UnauthorizedError("sign in required (session cookie or Authorization: Bearer <token>)");
  if (viewer.kind === "user" && viewer.via === "token" && viewer.scope === "read" && action !== "read" && action !== "view-audit") {
    return new ForbiddenError("this API token has read scope; writes need a write-scope token");
  }
  return new ForbiddenError(`your role does not allow this (${action})`);
}

export function createRequestAuth(request: Request, db: Db, viewer: Viewer, ip: string): RequestAuth {
  const auth: RequestAuth = {
    viewer,
    ip,
    actor: actorName(viewer),
    require(action) {
      if (!can(viewer, action)) throw denialFor(viewer, action);
    },
    assertIncidentVisible: (slug) => assertIncidentVisible(db, viewer, slug),
    hiddenIncidentIds: () => hiddenIncidentIds(db, viewer),
    audit: (input) => recordAudit(db, { ...input, viewer, ip }),
  };
  authByRequest.set(request, auth);
  return auth;
}
