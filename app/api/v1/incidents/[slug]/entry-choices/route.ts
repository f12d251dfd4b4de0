import { db, type Params } from "@/lib/http/context";
import { json, route } from "@/lib/http/responses";
import { getIncidentDocumentCached } from "@/lib/incidents/document-cache";
import { entryOptions } from "@/lib/view/entry-choices";

/** Every entry as a choice for the page's forms (link ends, attachment target): key, kind, label. */
export const GET = route(async (_request, { params }: Params<"slug">) => {
  const document = await getIncidentDocumentCached(await db(), (await params).slug);
  return json({ entries: entryOptions(document.entries, document.incident.timezone) });
});
