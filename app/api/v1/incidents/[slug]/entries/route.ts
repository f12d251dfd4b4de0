import { addEntry, listEntries } from "@/lib/incidents/entries";
import { withActor, db, type Params } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";

export const GET = route(async (_request, { params }: Params<"slug">) => json({ entries: await listEntries(await db(), (await params).slug) }));

export const POST = route(async (request, { params }: Params<"slug">) => {
  const input = withActor(await readJson(request), request);
  return json(await addEntry(await db(), (await params).slug, input), 201);
});
