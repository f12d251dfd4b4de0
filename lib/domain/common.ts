import { z } from "zod";

/** URL-safe identifier used for incidents, lessons and entry keys: lower-case words joined by dashes. */
export const slugSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(80, "must be at most 80 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "use lower-case letters, digits and single dashes (e.g. redis-oom-2024)");

export const isoDateTimeSchema = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with offset, e.g. 2024-10-20T11:30:00+08:00" });

export const isoDateSchema = z.iso.date({ message: "must be a date like 2024-10-20" });

export const labelListSchema = z
  .array(z.string().trim().min(1, "must not be empty").max(60, "must be at most 60 characters"))
  .max(30, "at most 30 items")
  .transform((items) => [...new Set(items)]);

export const markdownSchema = z.string().max(200_000, "must be at most 200,000 characters");

export const authorSchema = z.string().trim().max(120, "must be at most 120 characters");

/** An IANA time-zone name that this runtime knows (Intl validates it). */
export const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as UTC or Asia/Shanghai");

export const versionSchema = z.number().int().min(1, "must be a positive integer");

/** Turns a title into a slug-shaped key; non-Latin titles fall back to the given prefix. */
export function slugify(text: string, fallback = "item", maxLength = 48): string {
  const ascii = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const trimmed = ascii.slice(0, maxLength).replace(/-+$/g, "");
  return trimmed || fallback;
}

/** Returns `base`, or `base-2`, `base-3`… — the first one not in `taken`. */
export function uniqueKey(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
