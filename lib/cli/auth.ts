import type { Db } from "../db/client";
import { recordAudit } from "../auth/audit";
import { UnauthorizedError } from "../auth/errors";
import { can, type Action, type Viewer } from "../auth/roles";
import { lookupApiToken } from "../auth/tokens";
import { accountsExist } from "../auth/users";
import { ForbiddenError } from "../errors";
import type { CliIO } from "./command";

/** `--token T` for commands that read or write the local database (falls back to $CASEBOOK_TOKEN). */
export const TOKEN_CLI_OPTION = { token: { type: "string" } } as const;
export const TOKEN_USAGE = "  --token T   API token (default: $CASEBOOK_TOKEN); required once accounts exist";

/**
 * The CLI's caller. While no account exists the CLI acts as the single user, like the web app.
 * Afterwards a valid API token is required and the same policy as the API applies (roles, token
 * scope, restricted incidents); each use is recorded in the audit log.
 */
export async function cliViewer(db: Db, io: CliIO, token: string | undefined, action: Action, command: string): Promise<Viewer> {
  if (!(await accountsExist(db))) return { kind: "single-user" };
  const secret = token?.trim() || io.env.CASEBOOK_TOKEN?.trim();
  if (!secret) throw new UnauthorizedError("accounts exist: pass --token T or set CASEBOOK_TOKEN (create a token on /account or with casebook token create)");
  const found = await lookupApiToken(db, secret);
  if (found.status !== "valid") {
    await recordAudit(db, { actor: "cli", action: `cli ${command}`, outcome: "failed", details: { reason: found.status } });
    throw new UnauthorizedError(found.status === "revoked" ? "this API token has been revoked" : "this API token is not valid");
  }
  const viewer: Viewer = { kind: "user", user: found.user, via: "token", tokenId: found.tokenId, scope: found.scope };
  if (!can(viewer, action)) {
    await recordAudit(db, { viewer, action: `cli ${command}`, outcome: "denied", details: { needs: action } });
    throw new ForbiddenError(found.scope === "read" && action !== "read" && action !== "view-audit" ? "this API token has read scope; this command needs a write-scope token" : `your role (${found.user.role}) does not allow this`);
  }
  await recordAudit(db, { viewer, action: `cli ${command}`, outcome: "success" });
  return viewer;
}
