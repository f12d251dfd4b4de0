"use server";

import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/auth/audit";
import { verifyPassword } from "@/lib/auth/passwords";
import { createSession } from "@/lib/auth/sessions";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { setUserPassword } from "@/lib/auth/users";
import { isCasebookError } from "@/lib/errors";
import { actionCaller, formText, requestMeta, setSessionCookie } from "../_auth/action-support";

export async function changePasswordAction(formData: FormData): Promise<void> {
  const { db, viewer, ip } = await actionCaller("manage-own-account");
  const row = await db.user.findUniqueOrThrow({ where: { id: viewer.user.id } });
  let outcome = "changed";
  if (!(await verifyPassword(formText(formData, "current"), row.passwordHash))) {
    outcome = "wrong-current";
  } else {
    try {
      await setUserPassword(db, row.id, formText(formData, "password"));
      // Every session ended with the old password; this browser gets a fresh one.
      const meta = await requestMeta();
      const session = await createSession(db, row.id, meta);
      await setSessionCookie(session.cookieValue, session.expiresAt, meta.secure);
    } catch (error) {
      if (!isCasebookError(error)) throw error;
      outcome = "invalid";
    }
  }
  await recordAudit(db, { viewer, action: "password-change", targetType: "account", targetId: row.email, ip, outcome: outcome === "changed" ? "success" : "failed" });
  redirect(`/account?password=${outcome}`);
}

export interface TokenFormState {
  token?: string;
  name?: string;
  error?: string;
}

/** Returns the secret once, to be shown once; only its hash is stored. */
export async function createTokenAction(_previous: TokenFormState, formData: FormData): Promise<TokenFormState> {
  const { db, viewer, ip } = await actionCaller("manage-own-account");
  try {
    const created = await createApiToken(db, viewer.user.id, { name: formText(formData, "name"), scope: formText(formData, "scope") || "read" });
    await recordAudit(db, { viewer, action: "token-create", targetType: "token", targetId: created.summary.id, ip, outcome: "success", details: { scope: created.summary.scope, name: created.summary.name } });
    return { token: created.token, name: created.summary.name };
  } catch (error) {
    if (!isCasebookError(error)) throw error;
    return { error: error.issues?.map((issue) => issue.message).join("; ") || error.message };
  }
}

export async function revokeTokenAction(formData: FormData): Promise<void> {
  const { db, viewer, ip } = await actionCaller("manage-own-account");
  const id = formText(formData, "id");
  await revokeApiToken(db, id, viewer.user.id);
  await recordAudit(db, { viewer, action: "token-revoke", targetType: "token", targetId: id, ip, outcome: "success" });
  redirect("/account");
}
