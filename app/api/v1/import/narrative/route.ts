import { db } from "@/lib/http/context";
import { json, readBodyBytes, readJson, route } from "@/lib/http/responses";
import { draftFromNarrative } from "@/lib/narrative";

/** A narrative of up to 1,000,000 characters is up to ~4 MB of UTF-8 (and JSON escaping). */
const NARRATIVE_LIMIT_BYTES = 5 * 1024 * 1024;

/**
 * A free-form postmortem → a draft incident (nothing is saved). JSON `{text, timezone?, day1?}`, or
 * the text itself as a text/plain or text/markdown body with ?timezone=&day1=.
 */
export const POST = route(async (request) => {
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("text/plain") || type.startsWith("text/markdown")) {
    const params = new URL(request.url).searchParams;
    const text = new TextDecoder().decode(await readBodyBytes(request, NARRATIVE_LIMIT_BYTES));
    return json(await draftFromNarrative(await db(), { text, timezone: params.get("timezone") ?? undefined, day1: params.get("day1") ?? undefined }));
  }
  return json(await draftFromNarrative(await db(), await readJson(request, NARRATIVE_LIMIT_BYTES)));
}, { permission: "read" }); // a draft only; saving goes through import/narrative/save
