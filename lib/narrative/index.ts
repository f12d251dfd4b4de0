import type { Db } from "../db/client";
import { parseInput } from "../validation/parse";
import { narrativeRequestSchema, type NarrativeDraft } from "./draft";
import { buildNarrativeDraft } from "./parse";

export type { NarrativeDraft } from "./draft";
export { saveNarrativeDraft } from "./save";

/** POST /api/v1/import/narrative: validates the request and builds a draft whose slug is still free. */
export async function draftFromNarrative(db: Db, input: unknown): Promise<NarrativeDraft> {
  const request = parseInput(narrativeRequestSchema, input, "narrative");
  const takenSlugs = new Set((await db.incident.findMany({ select: { slug: true } })).map((row) => row.slug));
  return buildNarrativeDraft(request.text, { timezone: request.timezone, day1: request.day1, takenSlugs });
}
