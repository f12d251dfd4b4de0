import { deleteEntry, getEntry, updateEntry } from "@/lib/incidents/entries";
import { actorOf, db, type Params } from "@/lib/http/context";
import { json, optionalVersion, readJson, route } from "@/lib/http/responses";

export const GET = route(async (_request, { params }: Params<"slug" | "key">) => {
  const { slug, key } = await params;
  return json(await getEntry(await db(), slug, key));
});

export const PATCH = route(async (request, { params }: Params<"slug" | "key">) => {
  const { slug, key } = await params;
  return json(await updateEntry(await db(), slug, key, await readJson(request), actorOf(request)));
});

export const DELETE = route(async (request, { params }: Params<"slug" | "key">) => {
  const { slug, key } = await params;
  await deleteEntry(await db(), slug, key, optionalVersion(request), actorOf(request));
  return new Response(null, { status: 204 });
});
