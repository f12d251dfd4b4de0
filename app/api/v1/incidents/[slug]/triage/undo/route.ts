import { db, withActor, type Params } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";
import { undoLastOutcome } from "@/lib/triage/service";

/** Takes back the last recorded outcome or skip and its timeline entry. */
export const POST = route(async (request, { params }: Params<"slug">) =>
  json(await undoLastOutcome(await db(), (await params).slug, withActor(await readJson(request), request)), 200),
);
