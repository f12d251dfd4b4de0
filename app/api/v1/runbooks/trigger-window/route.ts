import { json, readJson, route } from "@/lib/http/responses";
import { MAX_TRIGGER_INPUT_CHARS } from "@/lib/runbooks/requests";
import { triggerWindowFromRequest } from "@/lib/runbooks/service";

/** `{metrics: csv, events: log, windowMinutes?, timeZone?}` → steps, slopes, events per window and the chart. */
export const POST = route(async (request) => json(triggerWindowFromRequest(await readJson(request, 2 * MAX_TRIGGER_INPUT_CHARS + 64 * 1024))), {
  permission: "read", // computation only
});
