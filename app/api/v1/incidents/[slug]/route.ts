import { deleteIncident, getIncidentDocument, updateIncident } from "@/lib/incidents/incidents";
import { assessHypotheses } from "@/lib/domain";
import { withActor, db, type Params } from "@/lib/http/context";
import { json, optionalVersion, readJson, route } from "@/lib/http/responses";

export const GET = route(async (_request, { params }: Params<"slug">) => {
  const document = await getIncidentDocument(await db(), (await params).slug);
  const hypotheses = [...assessHypotheses(document.entries, document.links).values()];
  return json({ ...document, hypotheses });
});

export const PATCH = route(async (request, { params }: Params<"slug">) => {
  const input = withActor(await readJson(request), request);
  return json(await updateIncident(await db(), (await params).slug, input));
});

export const DELETE = route(
  async (request, { params }: Params<"slug">) => {
    await deleteIncident(await db(), (await params).slug, optionalVersion(request));
    return new Response(null, { status: 204 });
  },
  { permission: "delete-incident" },
);
