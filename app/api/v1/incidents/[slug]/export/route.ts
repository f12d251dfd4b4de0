import { renderIncidentFile, renderIncidentJson } from "@/lib/content";
import { exportIncident } from "@/lib/incidents/import-export";
import { db, type Params } from "@/lib/http/context";
import { route } from "@/lib/http/responses";
import { InvalidInputError } from "@/lib/errors";

export const GET = route(async (request, { params }: Params<"slug">) => {
  const slug = (await params).slug;
  const format = new URL(request.url).searchParams.get("format") ?? "md";
  if (format !== "md" && format !== "json") throw new InvalidInputError(`format must be md or json, got "${format}"`);
  const incident = await exportIncident(await db(), slug, format === "json");
  const body = format === "md" ? renderIncidentFile(incident) : renderIncidentJson(incident, { includeAttachmentData: true });
  const download = new URL(request.url).searchParams.get("download") === "1";
  return new Response(body, {
    headers: {
      "content-type": format === "md" ? "text/markdown; charset=utf-8" : "application/json; charset=utf-8",
      ...(download ? { "content-disposition": `attachment; filename="${slug}.${format}"` } : {}),
    },
  });
}, { audit: "export" });
