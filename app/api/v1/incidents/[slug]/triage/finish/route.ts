import { db, withActor, type Params } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";
import { finishTriage } from "@/lib/triage/service";

/** Ends the triage as completed or abandoned. */
export const POST = route(async (request, { params }: Params<"slug">) =>
  json(await finishTriage(await db(), (await params).slug, withActor(await readJson(request), request)), 200),
);
