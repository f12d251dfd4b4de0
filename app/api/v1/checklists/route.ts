import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { createChecklist, listChecklists } from "@/lib/checklists/named";
import { db } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";

/** Saved (named) checklists. */
export const GET = route(async () => json(await listChecklists(await db())));

/** Saves a named checklist: {name, title, description?, items: ["MEM-OWN-01", …]} in the order given. */
export const POST = route(async (request, _context, auth) => json(await createChecklist(await db(), await readJson(request), incidentVisibilityWhere(auth.viewer)), 201));
