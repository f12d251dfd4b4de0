import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { db } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";
import { InvalidInputError } from "@/lib/errors";
import { renderRunbookMarkdown } from "@/lib/runbooks/render-markdown";
import { generateRunbookFromRequest } from "@/lib/runbooks/service";

/** `{facts}` or `{incident: slug}` → the runbook as JSON, or as Runme-compatible Markdown with ?format=md. */
export const POST = route(async (request, _context, auth) => {
  const format = new URL(request.url).searchParams.get("format") ?? "json";
  if (format !== "json" && format !== "md") throw new InvalidInputError(`format must be json or md, got "${format}"`);
  const body = await readJson(request);
  const incident = (body as { incident?: unknown } | null)?.incident;
  if (typeof incident === "string") await auth.assertIncidentVisible(incident);
  const runbook = await generateRunbookFromRequest(await db(), body, incidentVisibilityWhere(auth.viewer));
  if (format === "json") return json(runbook);
  return new Response(renderRunbookMarkdown(runbook, { linkBase: new URL(request.url).origin }), { headers: { "content-type": "text/markdown; charset=utf-8" } });
}, { permission: "read" }); // generates; saves nothing
