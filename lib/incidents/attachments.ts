import { createHash, randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { attachmentLimitBytes, attachmentMetaSchema, type Attachment } from "../domain";
import { InvalidInputError, NotFoundError, PayloadTooLargeError } from "../errors";
import { parseInput } from "../validation/parse";
import { findEntryRow } from "./entries";
import { findIncidentRow, touchIncident } from "./incidents";
import { toAttachment } from "./mappers";

const MAGIC: Record<string, (bytes: Uint8Array) => boolean> = {
  "image/png": (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/gif": (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38,
  "image/webp": (b) => String.fromCharCode(...b.subarray(0, 4)) === "RIFF" && String.fromCharCode(...b.subarray(8, 12)) === "WEBP",
};

/**
 * A valid image header followed by markup is a polyglot: harmless while served as an image with nosniff,
 * but a browser or tool that sniffs it would run the markup. Real images carry none of this in their
 * first kilobytes (XMP metadata uses <x:xmpmeta>/<rdf:…>, which this does not match).
 */
const MARKUP_IN_IMAGE = /<\s*(?:script|html|svg|body|iframe|object|embed|!doctype)\b|javascript:/i;

/** Images are shown inline, so their bytes must really be the declared image type (no HTML/SVG posing as PNG). */
export function checkAttachmentContent(mediaType: string, bytes: Uint8Array): void {
  const matches = MAGIC[mediaType];
  if (matches && !matches(bytes)) throw new InvalidInputError(`the file's content is not ${mediaType}`);
  if (mediaType in MAGIC && MARKUP_IN_IMAGE.test(Buffer.from(bytes.subarray(0, 4096)).toString("latin1"))) {
    throw new InvalidInputError(`the file starts like ${mediaType} but carries HTML/SVG markup; upload it as text/plain or application/octet-stream`);
  }
  if (mediaType === "application/json") {
    try {
      JSON.parse(Buffer.from(bytes).toString("utf8"));
    } catch {
      throw new InvalidInputError("the file's content is not valid JSON");
    }
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export async function addAttachment(db: Db, slug: string, metaInput: unknown, bytes: Uint8Array): Promise<Attachment> {
  const limit = attachmentLimitBytes();
  if (bytes.byteLength > limit) {
    throw new PayloadTooLargeError(`attachment is ${bytes.byteLength} bytes; the limit is ${limit} bytes (CASEBOOK_ATTACHMENT_LIMIT_MB)`);
  }
  if (bytes.byteLength === 0) throw new InvalidInputError("attachment is empty");
  const meta = parseInput(attachmentMetaSchema, metaInput, "attachment");
  checkAttachmentContent(meta.mediaType, bytes);
  return db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, slug);
    const entry = meta.entry ? await findEntryRow(tx, incident.id, slug, meta.entry) : null;
    const row = await tx.attachment.create({
      data: {
        id: randomUUID(),
        incidentId: incident.id,
        entryId: entry?.id ?? null,
        filename: meta.filename,
        mediaType: meta.mediaType,
        size: bytes.byteLength,
        sha256: sha256Hex(bytes),
        caption: meta.caption,
        data: Buffer.from(bytes),
      },
      omit: { data: true },
    });
    await touchIncident(tx, incident.id);
    return toAttachment(row, new Map(entry ? [[entry.id, entry.key]] : []));
  });
}

export async function getAttachmentData(db: Db, slug: string, id: string): Promise<{ attachment: Attachment; data: Uint8Array }> {
  const incident = await findIncidentRow(db, slug);
  const row = await db.attachment.findFirst({ where: { id, incidentId: incident.id }, include: { entry: { select: { id: true, key: true } } } });
  if (!row) throw new NotFoundError(`incident "${slug}" has no attachment "${id}"`);
  const keyById = new Map(row.entry ? [[row.entry.id, row.entry.key]] : []);
  return { attachment: toAttachment(row, keyById), data: new Uint8Array(row.data) };
}

export async function deleteAttachment(db: Db, slug: string, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const incident = await findIncidentRow(tx, slug);
    const deleted = await tx.attachment.deleteMany({ where: { id, incidentId: incident.id } });
    if (deleted.count === 0) throw new NotFoundError(`incident "${slug}" has no attachment "${id}"`);
    await touchIncident(tx, incident.id);
  });
}
