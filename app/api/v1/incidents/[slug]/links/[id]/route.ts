import { deleteLink } from "@/lib/incidents/links";
import { actorOf, db, type Params } from "@/lib/http/context";
import { route } from "@/lib/http/responses";

export const DELETE = route(async (request, { params }: Params<"slug" | "id">) => {
  const { slug, id } = await params;
  await deleteLink(await db(), slug, id, actorOf(request));
  return new Response(null, { status: 204 });
});
