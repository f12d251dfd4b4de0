import { addAttachment } from "@/lib/incidents/attachments";
import { getIncidentDocument } from "@/lib/incidents/incidents";
import { attachmentLimitBytes } from "@/lib/domain";
import { db, type Params } from "@/lib/http/context";
import { json, readBodyBytes, route } from "@/lib/http/responses";
import { InvalidInputError } from "@/lib/errors";

export const GET = route(async (_request, { params }: Params<"slug">) =>
  json({ attachments: (await getIncidentDocument(await db(), (await params).slug)).attachments }),
);

/** multipart/form-data (file, caption, entry) from the UI, or a raw body with ?filename=&mediaType= from scripts. */
export const POST = route(async (request, { params }: Params<"slug">) => {
  const slug = (await params).slug;
  const type = request.headers.get("content-type") ?? "";
  // Multipart framing adds a little over the file itself; the file's own size is checked again below.
  const bytes = await readBodyBytes(request, attachmentLimitBytes() + 64 * 1024);
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(Buffer.from(bytes), { headers: { "content-type": type } }).formData();
    const file = form.get("file");
    if (!(file instanceof File)) throw new InvalidInputError('the form has no "file" field');
    const meta = {
      filename: file.name,
      mediaType: file.type || "application/octet-stream",
      caption: String(form.get("caption") ?? ""),
      entry: form.get("entry") ? String(form.get("entry")) : null,
    };
    return json(await addAttachment(await db(), slug, meta, new Uint8Array(await file.arrayBuffer())), 201);
  }
  const query = new URL(request.url).searchParams;
  const meta = {
    filename: query.get("filename") ?? "",
    mediaType: query.get("mediaType") ?? type.split(";")[0],
    caption: query.get("caption") ?? "",
    entry: query.get("entry"),
  };
  return json(await addAttachment(await db(), slug, meta, bytes), 201);
});
