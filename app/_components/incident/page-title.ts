import { getDb } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import { getIncident } from "@/lib/incidents/incidents";

/** The incident's title for the browser tab; "Not found" when the slug names nothing. */
export async function incidentPageTitle(slug: string, suffix = ""): Promise<string> {
  try {
    const incident = await getIncident(await getDb(), slug);
    return suffix ? `${suffix}: ${incident.title}` : incident.title;
  } catch (error) {
    if (error instanceof NotFoundError) return "Not found";
    throw error;
  }
}
