import { db, withActor, type Params } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";
import { recordOutcome } from "@/lib/triage/service";

/** Records the current step's outcome (one timeline entry, plus its hypothesis link). */
export const POST = route(async (request, { params }: Params<"slug">) =>
  json(await recordOutcome(await db(), (await params).slug, withActor(await readJson(request), request)), 200),
);
