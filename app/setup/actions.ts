"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/auth/audit";
import { createSession } from "@/lib/auth/sessions";
import { requestIsFromLoopback } from "@/lib/auth/trusted-proxy";
import { createFirstAdmin } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { isCasebookError } from "@/lib/errors";
import { formText, requestMeta, setSessionCookie } from "../_auth/action-support";

/** Creates the first admin (only while no account exists, only from this machine) and signs them in. */
export async function setupAction(formData: FormData): Promise<void> {
  if (!requestIsFromLoopback(await headers())) redirect("/login");
  const db = await getDb();
  const meta = await requestMeta();
  let problem: string | null = null;
  try {
    const user = await createFirstAdmin(db, { email: formText(formData, "email"), name: formText(formData, "name"), password: formText(formData, "password") });
    await recordAudit(db, { actor: "setup", action: "user-create", targetType: "account", targetId: user.email, ip: meta.ip, outcome: "success", details: { role: "admin", first: true } });
    const session = await createSession(db, user.id, meta);
    await setSessionCookie(session.cookieValue, session.expiresAt, meta.secure);
  } catch (error) {
    if (!isCasebookError(error)) throw error;
    problem = error.issues?.map((issue) => issue.message).join("; ") || error.message;
  }
  if (problem) redirect(`/setup?error=${encodeURIComponent(problem)}`);
  redirect("/incidents");
}
