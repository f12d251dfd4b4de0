import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { listLessons } from "@/lib/incidents/lessons";
import { db } from "@/lib/http/context";
import { json, route } from "@/lib/http/responses";

export const GET = route(async (_request, _context, auth) => json({ lessons: await listLessons(await db(), incidentVisibilityWhere(auth.viewer)) }));
