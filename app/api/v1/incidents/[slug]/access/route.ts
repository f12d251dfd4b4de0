import { z } from "zod";
import { canManageIncidentAccess, getIncidentAccess, setIncidentAccess } from "@/lib/auth/visibility";
import { ForbiddenError } from "@/lib/errors";
import { db, type Params } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";
import { parseInput } from "@/lib/validation/parse";

const accessSchema = z.object({ restricted: z.boolean(), members: z.array(z.string().trim().max(200)).max(500).default([]) });

/** Whether the incident is restricted, and who its members are. */
export const GET = route(async (_request, { params }: Params<"slug">) => json(await getIncidentAccess(await db(), (await params).slug)));

/** `{restricted, members: [email…]}` — admins, and editors who can see the incident. */
export const PUT = route(async (request, { params }: Params<"slug">, auth) => {
  const slug = (await params).slug;
  const database = await db();
  if (!(await canManageIncidentAccess(database, auth.viewer, slug))) throw new ForbiddenError("only admins and editors of this incident can change who sees it");
  const input = parseInput(accessSchema, await readJson(request), "incident access");
  return json(await setIncidentAccess(database, auth.viewer, slug, { restricted: input.restricted, memberEmails: input.members }));
});
