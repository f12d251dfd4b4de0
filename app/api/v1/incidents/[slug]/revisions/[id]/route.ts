import { getRevision } from "@/lib/incidents/revisions";
import { db, type Params } from "@/lib/http/context";
import { json, route } from "@/lib/http/responses";

export const GET = route(async (_request, { params }: Params<"slug" | "id">) => {
  const { slug, id } = await params;
  return json(await getRevision(await db(), slug, id));
});
