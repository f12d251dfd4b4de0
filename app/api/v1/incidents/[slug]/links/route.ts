import { addLink, listLinks } from "@/lib/incidents/links";
import { actorOf, db, type Params } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";

export const GET = route(async (_request, { params }: Params<"slug">) => json({ links: await listLinks(await db(), (await params).slug) }));

export const POST = route(async (request, { params }: Params<"slug">) =>
  json(await addLink(await db(), (await params).slug, await readJson(request), actorOf(request)), 201),
);
