import { actorOf, db } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";
import { saveNarrativeDraft } from "@/lib/narrative";

/** Saves a reviewed narrative draft as a new incident (201), all-or-nothing; an existing slug is 409. */
export const POST = route(async (request) => json(await saveNarrativeDraft(await db(), await readJson(request, 5 * 1024 * 1024), actorOf(request)), 201));
