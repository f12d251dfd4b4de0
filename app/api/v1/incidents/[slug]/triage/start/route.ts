import { db, withActor, type Params } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";
import { startTriage } from "@/lib/triage/service";

/** Starts guided triage from the incident's facts (restart: true abandons the one in progress). No body = {}. */
export const POST = route(async (request, { params }: Params<"slug">) => {
  const body = await readJson(request, undefined, { emptyBody: {} });
  return json(await startTriage(await db(), (await params).slug, withActor(body, request)), 201);
});
