import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { PAGE_ACCESS, pageDecision, pathOf } from "@/lib/auth/page-access";
import { resolveViewer } from "@/lib/auth/request";
import type { Viewer } from "@/lib/auth/roles";
import { requestIsFromLoopback } from "@/lib/auth/trusted-proxy";
import { isIncidentVisible } from "@/lib/auth/visibility";
import { getDb } from "@/lib/db/client";

/**
 * First line of every page: `const viewer = await guardPage("/incidents/[slug]", { slug })`.
 * Anonymous (once accounts exist) → /login?next=…; role too low → /login with a "not allowed" note;
 * restricted incident of which the viewer is no member → 404 (like a missing incident).
 * The rules themselves are lib/auth/page-access.ts (PAGE_ACCESS).
 */
export async function guardPage(pattern: string, params: Record<string, string> = {}): Promise<Viewer> {
  const row = PAGE_ACCESS[pattern];
  if (!row) throw new Error(`page ${pattern} has no row in PAGE_ACCESS (lib/auth/page-access.ts)`);
  const db = await getDb();
  const requestHeaders = await headers();
  const { viewer, problem } = await resolveViewer(db, requestHeaders);
  const exist = viewer.kind !== "single-user";
  const incidentVisible = row.incident && params.slug !== undefined && viewer.kind !== "anonymous" ? await isIncidentVisible(db, viewer, params.slug) : undefined;
  const decision = pageDecision(row.access, viewer, { accountsExist: exist, incidentVisible, loopback: requestIsFromLoopback(requestHeaders) });
  const next = encodeURIComponent(pathOf(pattern, params));
  if (decision === "login") redirect(`/login?next=${next}${problem === "expired-session" ? "&expired=1" : ""}`);
  if (decision === "forbidden") redirect(`/login?next=${next}&denied=1`);
  if (decision === "not-found") notFound();
  return viewer;
}

/** The viewer for components that only adapt what they show (layout banner, user menu). */
export async function currentViewer(): Promise<Viewer> {
  return (await resolveViewer(await getDb(), await headers())).viewer;
}
