import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { recordAudit } from "@/lib/auth/audit";
import { resolveViewer } from "@/lib/auth/request";
import { can, type Action, type Viewer } from "@/lib/auth/roles";
import { SESSION_COOKIE } from "@/lib/auth/sessions";
import { clientAddress } from "@/lib/auth/trusted-proxy";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/client";

/**
 * Server actions are endpoints of their own: each one checks its caller here (Next.js already
 * refuses server-action posts whose Origin does not match the host — the CSRF origin check).
 */
export async function actionCaller(action: Action): Promise<{ db: Db; viewer: Viewer & { kind: "user" }; ip: string }> {
  const db = await getDb();
  const requestHeaders = await headers();
  const { viewer, ip } = await resolveViewer(db, requestHeaders);
  if (viewer.kind !== "user") redirect("/login");
  if (!can(viewer, action)) {
    await recordAudit(db, { viewer, action, ip, outcome: "denied", details: { reason: "role" } });
    redirect("/login?denied=1");
  }
  return { db, viewer, ip };
}

export async function requestMeta(): Promise<{ ip: string; userAgent: string; secure: boolean }> {
  const requestHeaders = await headers();
  return {
    ip: clientAddress(requestHeaders),
    userAgent: requestHeaders.get("user-agent") ?? "",
    secure: (requestHeaders.get("x-forwarded-proto") ?? "").split(",")[0].trim() === "https",
  };
}

export async function setSessionCookie(value: string, expiresAt: Date, secure: boolean): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, value, { httpOnly: true, sameSite: "lax", secure, path: "/", expires: expiresAt });
}

export function formText(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}
