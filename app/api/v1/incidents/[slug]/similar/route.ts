import { db, type Params } from "@/lib/http/context";
import { json, route } from "@/lib/http/responses";
import { findSimilarIncidents } from "@/lib/search/similar";

export const GET = route(async (_request, { params }: Params<"slug">) => json({ similar: await findSimilarIncidents(await db(), (await params).slug) }));
