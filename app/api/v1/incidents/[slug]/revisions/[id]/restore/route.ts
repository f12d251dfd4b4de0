import { restoreRevision } from "@/lib/incidents/revisions";
import { actorOf, db, type Params } from "@/lib/http/context";
import { json, route } from "@/lib/http/responses";

export const POST = route(async (request, { params }: Params<"slug" | "id">) => {
  const { slug, id } = await params;
  return json(await restoreRevision(await db(), slug, id, actorOf(request)), 201);
});
