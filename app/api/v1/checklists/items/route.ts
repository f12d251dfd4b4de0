import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { checklistQuery, listItems } from "@/lib/checklists/service";
import { db } from "@/lib/http/context";
import { json, route } from "@/lib/http/responses";

/** Library items passing ?tags=&areas=&languages= (or of ?checklist=NAME), with the valid filter words. */
export const GET = route(async (request, _context, auth) => json(await listItems(await db(), checklistQuery(request.url), incidentVisibilityWhere(auth.viewer))));
