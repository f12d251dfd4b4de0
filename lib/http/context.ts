import { getDb, type Db } from "../db/client";
import { authOfRequest } from "./request-auth";

/** Route params arrive as a promise in Next.js 16. */
export type Params<T extends string> = { params: Promise<Record<T, string>> };

/**
 * Who is acting: the signed-in user once accounts exist (route() records it); in single-user mode an
 * optional header set by the UI/CLI (free text, for revisions).
 */
export function actorOf(request: Request): string {
  const auth = authOfRequest(request);
  if (auth?.viewer.kind === "user") return auth.actor;
  const raw = request.headers.get("x-casebook-author") ?? "";
  let name = raw;
  try {
    name = decodeURIComponent(raw); // the UI percent-encodes so non-Latin names survive the header
  } catch {
    // not percent-encoded: take it as sent
  }
  return name.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 120);
}

export async function db(): Promise<Db> {
  return getDb();
}

/** Fills `author` from the acting user when the body does not name one. */
export function withActor(body: unknown, request: Request): unknown {
  const actor = actorOf(request);
  // With accounts the author is whoever signed in, not what the body claims.
  const signedIn = authOfRequest(request)?.viewer.kind === "user";
  if (signedIn && typeof body === "object" && body !== null && !Array.isArray(body)) return { ...body, author: actor };
  if (!actor || typeof body !== "object" || body === null || Array.isArray(body) || "author" in body) return body;
  return { ...body, author: actor };
}
