import { importContentFiles } from "@/lib/incidents/import-files";
import { db } from "@/lib/http/context";
import { json, readBodyBytes, readJson, route } from "@/lib/http/responses";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import { hiddenIncidentSlugs } from "@/lib/auth/visibility";

const IMPORT_LIMIT_BYTES = 50 * 1024 * 1024;

/** Content files are named <slug>.md (the slug must match): refuse replacing an incident hidden from the caller. */
async function refuseHidden(names: string[], hidden: Set<string>) {
  const blocked = names.map((name) => name.replace(/\.md$/, "")).filter((slug) => hidden.has(slug));
  if (blocked.length) throw new NotFoundError(`no incident with slug "${blocked[0]}" that you may replace`);
}

/** JSON `{files: {"<slug>.md": text}, attachments?}`, or one Markdown file as the body with ?name=<slug>.md. */
export const POST = route(async (request, _context, auth) => {
  const hidden = await hiddenIncidentSlugs(await db(), auth.viewer);
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("text/markdown") || type.startsWith("text/plain")) {
    const name = new URL(request.url).searchParams.get("name");
    if (!name) throw new InvalidInputError("a Markdown body needs ?name=<slug>.md");
    await refuseHidden([name], hidden);
    const text = new TextDecoder().decode(await readBodyBytes(request, IMPORT_LIMIT_BYTES));
    return json(await importContentFiles(await db(), { files: { [name]: text } }));
  }
  const upload = await readJson(request, IMPORT_LIMIT_BYTES);
  const files = (upload as { files?: unknown } | null)?.files;
  if (files && typeof files === "object") await refuseHidden(Object.keys(files), hidden);
  return json(await importContentFiles(await db(), upload));
});
