import { db, withActor, type Params } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";
import { skipStep } from "@/lib/triage/service";

/** Skips the current step with a reason (a decision entry). */
export const POST = route(async (request, { params }: Params<"slug">) =>
  json(await skipStep(await db(), (await params).slug, withActor(await readJson(request), request)), 200),
);
