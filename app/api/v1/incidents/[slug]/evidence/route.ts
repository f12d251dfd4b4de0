import { attachAnalysisAsEvidence } from "@/lib/evidence/attach";
import { db, withActor, type Params } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";

/** Analyzer reports (dump, backports, diff review) filed as an evidence entry with the JSON attached. */
export const POST = route(async (request, { params }: Params<"slug">) =>
  json(await attachAnalysisAsEvidence(await db(), (await params).slug, withActor(await readJson(request, 12 * 1024 * 1024), request)), 201),
);
