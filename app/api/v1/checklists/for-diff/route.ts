import { incidentVisibilityWhere } from "@/lib/auth/visibility";
import { renderChecklistForDiffMarkdown } from "@/lib/checklists/for-diff";
import { checklistForRequest, FOR_DIFF_BODY_LIMIT_BYTES, forDiffRequest, resolveBaseUrl } from "@/lib/checklists/service";
import { db } from "@/lib/http/context";
import { json, readJson, route } from "@/lib/http/responses";

/** {diff} or {repo, base, head} (repo under CASEBOOK_REPO_ROOTS), with optional tags/areas/languages/checklist. */
export const POST = route(async (request, _context, auth) => {
  const forDiff = await forDiffRequest(await readJson(request, FOR_DIFF_BODY_LIMIT_BYTES + 64 * 1024), process.env);
  const result = await checklistForRequest(await db(), forDiff, incidentVisibilityWhere(auth.viewer));
  const markdown = renderChecklistForDiffMarkdown(result, { baseUrl: resolveBaseUrl(undefined, process.env, new URL(request.url).origin) });
  return json({ ...result, markdown });
}, { permission: "read" }); // computes a checklist; saves nothing
