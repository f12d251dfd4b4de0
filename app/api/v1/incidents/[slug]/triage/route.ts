import { db, type Params } from "@/lib/http/context";
import { json, route } from "@/lib/http/responses";
import { getTriageState } from "@/lib/triage/service";

/** Guided triage of an incident: session, runbook for its facts, recorded steps, current step. */
export const GET = route(async (_request, { params }: Params<"slug">) => json(await getTriageState(await db(), (await params).slug)));
