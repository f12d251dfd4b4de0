import { hiddenIncidentIds } from "@/lib/auth/visibility";
import { db, type Params } from "@/lib/http/context";
import { json, route } from "@/lib/http/responses";
import { findSimilarIncidents } from "@/lib/search/similar";

/** Similar incidents; restricted incidents the caller is no member of are never suggested. */
export const GET = route(async (_request, { params }: Params<"slug">, auth) => {
  const database = await db();
  return json({ similar: await findSimilarIncidents(database, (await params).slug, 5, await hiddenIncidentIds(database, auth.viewer)) });
});
