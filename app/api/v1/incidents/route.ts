import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { createIncident, listIncidents } from "@/lib/incidents/incidents";
import { db, withActor } from "@/lib/http/context";
import { json, queryObject, readJson, route } from "@/lib/http/responses";

export const GET = route(async (request, _context, auth) =>
  json({ incidents: await listIncidents(await db(), queryObject(request), incidentVisibilityWhere(auth.viewer)) }),
);

export const POST = route(async (request) => {
  const input = withActor(await readJson(request), request);
  return json(await createIncident(await db(), input), 201);
});
