import { deleteChecklist, getChecklist, updateChecklist } from "@/lib/checklists/named";
import { db, type Params } from "@/lib/http/context";
import { json, optionalVersion, readJson, route } from "@/lib/http/responses";

export const GET = route(async (_request, { params }: Params<"name">) => json(await getChecklist(await db(), (await params).name)));

export const PATCH = route(async (request, { params }: Params<"name">) => json(await updateChecklist(await db(), (await params).name, await readJson(request))));

export const DELETE = route(async (request, { params }: Params<"name">) => {
  await deleteChecklist(await db(), (await params).name, optionalVersion(request));
  return new Response(null, { status: 204 });
});
