import { deleteAttachment, getAttachmentData } from "@/lib/incidents/attachments";
import { INLINE_IMAGE_TYPES } from "@/lib/domain";
import { db, type Params } from "@/lib/http/context";
import { route } from "@/lib/http/responses";

export const GET = route(async (_request, { params }: Params<"slug" | "id">) => {
  const { slug, id } = await params;
  const { attachment, data } = await getAttachmentData(await db(), slug, id);
  const inline = (INLINE_IMAGE_TYPES as readonly string[]).includes(attachment.mediaType);
  return new Response(Buffer.from(data), {
    headers: {
      "content-type": attachment.mediaType,
      "content-length": String(data.byteLength),
      "content-disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=31536000, immutable",
      etag: `"${attachment.sha256}"`,
    },
  });
});

export const DELETE = route(async (_request, { params }: Params<"slug" | "id">) => {
  const { slug, id } = await params;
  await deleteAttachment(await db(), slug, id);
  return new Response(null, { status: 204 });
});
