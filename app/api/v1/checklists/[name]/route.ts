import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { deleteChecklist, getChecklist, updateChecklist } from "@/lib/checklists/named";
import { db, type Params } from "@/lib/http/context";
import { json, optionalVersion, readJson, route } from "@/lib/http/responses";

export const GET = route(async (_request, { params }: Params<"name">, auth) => json(await getChecklist(await db(), (await params).name, incidentVisibilityWhere(auth.viewer))));

export const PATCH = route(async (request, { params }: Params<"name">, auth) =>
  json(await updateChecklist(await db(), (await params).name, await readJson(request), incidentVisibilityWhere(auth.viewer))),
);

export const DELETE = route(async (request, { params }: Params<"name">) => {
  await deleteChecklist(await db(), (await params).name, optionalVersion(request));
  return new Response(null, { status: 204 });
});
