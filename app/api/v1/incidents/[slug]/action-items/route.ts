import { addActionItem, listActionItems } from "@/lib/incidents/action-items";
import { actorOf, db, type Params } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";

export const GET = route(async (_request, { params }: Params<"slug">) => json({ actionItems: await listActionItems(await db(), (await params).slug) }));

export const POST = route(async (request, { params }: Params<"slug">) =>
  json(await addActionItem(await db(), (await params).slug, await readJson(request), actorOf(request)), 201),
);
