import { listRevisions } from "@/lib/incidents/revisions";
import { db, type Params } from "@/lib/http/context";
import { json, route } from "@/lib/http/responses";

export const GET = route(async (_request, { params }: Params<"slug">) => json({ revisions: await listRevisions(await db(), (await params).slug) }));
