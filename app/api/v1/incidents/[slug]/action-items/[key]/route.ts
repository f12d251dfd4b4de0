import { deleteActionItem, updateActionItem } from "@/lib/incidents/action-items";
import { actorOf, db, type Params } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";

export const PATCH = route(async (request, { params }: Params<"slug" | "key">) => {
  const { slug, key } = await params;
  return json(await updateActionItem(await db(), slug, key, await readJson(request), actorOf(request)));
});

export const DELETE = route(async (request, { params }: Params<"slug" | "key">) => {
  const { slug, key } = await params;
  await deleteActionItem(await db(), slug, key, actorOf(request));
  return new Response(null, { status: 204 });
});
