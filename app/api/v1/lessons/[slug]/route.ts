import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { getLesson, updateLesson } from "@/lib/incidents/lessons";
import { actorOf, db, type Params } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";

export const GET = route(async (_request, { params }: Params<"slug">, auth) => json(await getLesson(await db(), (await params).slug, incidentVisibilityWhere(auth.viewer))));

export const PATCH = route(async (request, { params }: Params<"slug">) =>
  json(await updateLesson(await db(), (await params).slug, await readJson(request), actorOf(request))),
);
