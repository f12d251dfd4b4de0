import { z } from "zod";
import { slugSchema } from "./common";

export const DEFAULT_ATTACHMENT_LIMIT_BYTES = 10 * 1024 * 1024;

/** Media types shown inline as images; anything else is offered as a download. */
export const INLINE_IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export const ALLOWED_ATTACHMENT_TYPES = [...INLINE_IMAGE_TYPES, "text/plain", "application/json", "application/octet-stream"] as const;

export const attachmentMetaSchema = z
  .object({
    filename: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(200)
      .regex(/^[^/\\\u0000-\u001f]+$/, "must be a plain file name without slashes or control characters"),
    mediaType: z.enum(ALLOWED_ATTACHMENT_TYPES, { message: `must be one of ${ALLOWED_ATTACHMENT_TYPES.join(", ")}` }),
    caption: z.string().trim().max(500).default(""),
    entry: slugSchema.nullable().default(null),
  })
  .strict();
export type AttachmentMeta = z.infer<typeof attachmentMetaSchema>;

export interface Attachment {
  id: string;
  filename: string;
  mediaType: string;
  size: number;
  sha256: string;
  caption: string;
  entryKey: string | null;
  createdAt: string;
}

/** The configured size limit (CASEBOOK_ATTACHMENT_LIMIT_MB), default 10 MB. */
export function attachmentLimitBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.CASEBOOK_ATTACHMENT_LIMIT_MB);
  return Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : DEFAULT_ATTACHMENT_LIMIT_BYTES;
}
