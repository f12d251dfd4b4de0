import { getDb, type Db } from "../db/client";

/** Route params arrive as a promise in Next.js 16. */
export type Params<T extends string> = { params: Promise<Record<T, string>> };

/** Who is acting, until accounts exist: an optional header set by the UI/CLI (free text, for revisions). */
export function actorOf(request: Request): string {
  return (request.headers.get("x-casebook-author") ?? "").trim().slice(0, 120);
}

export async function db(): Promise<Db> {
  return getDb();
}

/** Fills `author` from the acting user when the body does not name one. */
export function withActor(body: unknown, request: Request): unknown {
  const actor = actorOf(request);
  if (!actor || typeof body !== "object" || body === null || Array.isArray(body) || "author" in body) return body;
  return { ...body, author: actor };
}
