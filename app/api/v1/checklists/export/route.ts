import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { checklistQuery, exportChecklist, resolveBaseUrl } from "@/lib/checklists/service";
import { db } from "@/lib/http/context";
import { route } from "@/lib/http/responses";

/** ?format=github|gitlab|md|json|csv with ?tags=…, ?areas=…, ?languages=… and/or ?checklist=NAME; ?download=1 for a file. */
export const GET = route(async (request, _context, auth) => {
  const url = new URL(request.url);
  const rendered = await exportChecklist(await db(), checklistQuery(request.url), resolveBaseUrl(undefined, process.env, url.origin), incidentVisibilityWhere(auth.viewer));
  const download = url.searchParams.get("download") === "1";
  return new Response(rendered.body, {
    headers: {
      "content-type": rendered.contentType,
      "x-casebook-suggested-path": rendered.suggestedPath,
      ...(download ? { "content-disposition": `attachment; filename="${rendered.filename}"` } : {}),
    },
  });
}, { audit: "export" });
