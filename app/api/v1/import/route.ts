import { importContentFiles } from "@/lib/incidents/import-files";
import { db } from "@/lib/http/context";
import { json, readBodyBytes, readJson, route } from "@/lib/http/responses";
import { InvalidInputError } from "@/lib/errors";

const IMPORT_LIMIT_BYTES = 50 * 1024 * 1024;

/** JSON `{files: {"<slug>.md": text}, attachments?}`, or one Markdown file as the body with ?name=<slug>.md. */
export const POST = route(async (request) => {
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("text/markdown") || type.startsWith("text/plain")) {
    const name = new URL(request.url).searchParams.get("name");
    if (!name) throw new InvalidInputError("a Markdown body needs ?name=<slug>.md");
    const text = new TextDecoder().decode(await readBodyBytes(request, IMPORT_LIMIT_BYTES));
    return json(await importContentFiles(await db(), { files: { [name]: text } }));
  }
  return json(await importContentFiles(await db(), await readJson(request, IMPORT_LIMIT_BYTES)));
});
