import { hiddenIncidentNumbers } from "@/lib/auth/visibility";
import { db } from "@/lib/http/context";
import { json, queryObject, route } from "@/lib/http/responses";
import { searchKnowledgeBase } from "@/lib/search/service";

/** ?q=… plus optional kind, status, severity, service, tag, from, to, offset, limit (see lib/search/service.ts). */
export const GET = route(async (request, _context, auth) => {
  const database = await db();
  return json(await searchKnowledgeBase(database, queryObject(request), { hiddenIncidents: await hiddenIncidentNumbers(database, auth.viewer) }));
});
