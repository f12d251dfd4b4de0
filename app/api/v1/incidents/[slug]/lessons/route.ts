import { getIncidentDocument } from "@/lib/incidents/incidents";
import { addLessonToIncident } from "@/lib/incidents/lessons";
import { actorOf, db, type Params } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";

export const GET = route(async (_request, { params }: Params<"slug">) => json({ lessons: (await getIncidentDocument(await db(), (await params).slug)).lessons }));

export const POST = route(async (request, { params }: Params<"slug">) =>
  json(await addLessonToIncident(await db(), (await params).slug, await readJson(request), actorOf(request)), 201),
);
