import { getDb } from "../db/client";
import { authProblemMessage, csrfProblem, isStateChanging, resolveViewer } from "../auth/request";
import { UnauthorizedError } from "../auth/errors";
import type { Action, Viewer } from "../auth/roles";
import { ForbiddenError } from "../errors";
import { createRequestAuth, denialFor, type RequestAuth } from "./request-auth";

/**
 * Route options. Defaults: GET/HEAD need "read", every other method "write"; mutations are audited.
 * - permission: "public" (no sign-in: health), or another action such as "delete-incident".
 * - audit: an action name to record for reads too (exports), e.g. "export".
 */
export interface RouteOptions {
  permission?: Action | "public";
  audit?: string;
}

/** Reads are recorded per token at most this often (lastUsedAt is exact; the log need not repeat). */
const TOKEN_READ_AUDIT_INTERVAL_MS = 10 * 60 * 1000;
const lastTokenReadAudit = new Map<string, number>();

const PUBLIC_AUTH_VIEWER: Viewer = { kind: "anonymous" };

async function slugOf(context: unknown): Promise<string | undefined> {
  const params = (context as { params?: Promise<Record<string, string>> } | undefined)?.params;
  if (!params) return undefined;
  const values = await params;
  return typeof values?.slug === "string" ? values.slug : undefined;
}

/**
 * Resolves and checks the caller before a handler runs: 401 without a valid credential (once
 * accounts exist), 403 on a cross-site state change or a missing permission, 404 for incident routes
 * (/api/v1/incidents/<slug>/…) the caller may not see. Returns the auth for the handler, and the
 * function that records the outcome once the handler answered.
 */
export async function guardRequest(
  request: Request,
  context: unknown,
  options: RouteOptions,
): Promise<{ auth: RequestAuth; finish(status: number): Promise<void> }> {
  const db = await getDb();
  const method = request.method.toUpperCase();
  const path = new URL(request.url).pathname;
  if (options.permission === "public") {
    return { auth: createRequestAuth(request, db, PUBLIC_AUTH_VIEWER, ""), finish: async () => {} };
  }
  const resolved = await resolveViewer(db, request.headers);
  const auth = createRequestAuth(request, db, resolved.viewer, resolved.ip);
  const slug = path.startsWith("/api/v1/incidents/") ? await slugOf(context) : undefined;
  const action = options.audit ?? (isStateChanging(method) ? `${method} ${path}` : "");
  const target = { targetType: slug ? "incident" : "endpoint", targetId: slug ?? path };
  const refuse = async (error: Error, outcome: "denied" | "failed") => {
    await auth.audit({ action: action || `${method} ${path}`, ...target, outcome, details: { reason: error.message } });
    throw error;
  };

  const csrf = csrfProblem(method, request.headers, resolved.viewer);
  if (csrf) await refuse(new ForbiddenError(csrf), "denied");
  if (resolved.viewer.kind === "anonymous") {
    const error = new UnauthorizedError(authProblemMessage(resolved.problem));
    // Anonymous reads without any credential are routine (a browser before sign-in); the rest is logged.
    if (resolved.problem || isStateChanging(method)) await refuse(error, "failed");
    throw error;
  }
  const permission = options.permission ?? (isStateChanging(method) ? "write" : "read");
  if (!canDo(auth, permission)) await refuse(denialFor(resolved.viewer, permission), "denied");
  if (slug !== undefined) await auth.assertIncidentVisible(slug);

  return {
    auth,
    async finish(status) {
      const viewer = resolved.viewer;
      if (action) {
        await auth.audit({ action, ...target, outcome: status < 400 ? "success" : "failed", details: { status } });
      } else if (viewer.kind === "user" && viewer.via === "token" && viewer.tokenId) {
        const last = lastTokenReadAudit.get(viewer.tokenId) ?? 0;
        if (Date.now() - last > TOKEN_READ_AUDIT_INTERVAL_MS) {
          lastTokenReadAudit.set(viewer.tokenId, Date.now());
          await auth.audit({ action: "token-use", targetType: "token", targetId: viewer.tokenId, outcome: "success", details: { request: `${method} ${path}` } });
        }
      }
    },
  };
}

function canDo(auth: RequestAuth, permission: Action): boolean {
  try {
    auth.require(permission);
    return true;
  } catch {
    return false;
  }
}
