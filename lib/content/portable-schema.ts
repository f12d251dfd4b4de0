import { z } from "zod";
import {
  actionItemCreateSchema,
  attachmentMetaSchema,
  entryCreateSchema,
  ENTRY_KINDS,
  incidentCreateSchema,
  isoDateTimeSchema,
  lessonCreateSchema,
  requireReasonForOverride,
  linkCreateSchema,
  linkKindProblem,
  LINK_TYPES,
  slugSchema,
  type EntryKind,
  type LinkType,
} from "@/lib/domain";

/**
 * The portable form of an incident: what `content/incidents/<slug>.md` and the JSON export carry.
 * Field rules come from the domain schemas; this file only narrows them where a file needs more
 * (absolute times, single-line titles, attachment checksums) and adds the cross-checks between parts.
 */

// Titles become Markdown headings, read back line by line: a line break would split one, and marker
// syntax in a heading would be read as a marker.
const singleLine = (schema: z.ZodString) =>
  schema
    .refine((value) => !/[\r\n]/.test(value), "must be a single line")
    .refine((value) => !/<!-- \/?casebook:/.test(value), "must not contain casebook marker syntax (<!-- casebook:…)");

const incident = incidentCreateSchema.shape;
const entry = entryCreateSchema.shape;

export const portableEntrySchema = z
  .object({
    key: slugSchema,
    at: isoDateTimeSchema,
    kind: entry.kind,
    title: singleLine(entry.title),
    body: entry.body,
    author: entry.author,
    statusOverride: entry.statusOverride,
    statusReason: entry.statusReason,
  })
  .strict()
  .superRefine(requireReasonForOverride);

export const portableLinkSchema = z
  .object(linkCreateSchema.shape)
  .strict()
  .refine((link) => link.from !== link.to, { path: ["to"], message: "an entry cannot link to itself" });

const action = actionItemCreateSchema.shape;
export const portableActionItemSchema = z
  .object({
    key: slugSchema,
    title: singleLine(action.title),
    type: action.type,
    status: action.status,
    owner: action.owner,
    dueDate: action.dueDate,
    externalLink: action.externalLink,
  })
  .strict();

const lesson = lessonCreateSchema.shape;
export const portableLessonSchema = z
  .object({
    slug: slugSchema,
    title: singleLine(lesson.title),
    tags: lesson.tags,
    body: lesson.body,
  })
  .strict();

export const portableAttachmentSchema = z
  .object({
    ...attachmentMetaSchema.shape,
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lower-case hex digits (SHA-256 of the file)"),
    size: z.number().int("must be a whole number of bytes").min(0, "must not be negative"),
    /** The file's bytes; absent when only the metadata was read (e.g. parsing a single .md file). */
    data: z.custom<Uint8Array>((value) => value instanceof Uint8Array, "must be the file's bytes").optional(),
  })
  .strict();

export const portableIncidentSchema = z
  .object({
    slug: incident.slug,
    title: singleLine(incident.title),
    titleOriginal: singleLine(incident.titleOriginal.unwrap()).default(""),
    originalLanguage: incident.originalLanguage,
    status: incident.status,
    severity: incident.severity,
    services: incident.services,
    tags: incident.tags,
    timezone: incident.timezone,
    startedAt: incident.startedAt,
    detectedAt: incident.detectedAt,
    resolvedAt: incident.resolvedAt,
    facts: incident.facts,
    summary: incident.summary,
    summaryOriginal: incident.summaryOriginal,
    impact: incident.impact,
    rootCause: incident.rootCause,
    contributingFactors: incident.contributingFactors,
    entries: z.array(portableEntrySchema).max(5_000).default([]),
    links: z.array(portableLinkSchema).max(20_000).default([]),
    actionItems: z.array(portableActionItemSchema).max(500).default([]),
    lessons: z.array(portableLessonSchema).max(200).default([]),
    attachments: z.array(portableAttachmentSchema).max(500).default([]),
    /** Restricted incidents (lib/auth/visibility): seen only by these accounts (emails) and admins. */
    restricted: z.boolean().default(false),
    members: z.array(z.string().trim().toLowerCase().email("must be an email address").max(200)).max(1_000).default([]),
  })
  .strict()
  // Runs even when some fields failed, so one pass reports a bad timestamp and a dangling link together.
  .superRefine((value, ctx) => crossCheck(value as unknown, ctx), { when: () => true });

export type PortableIncident = z.output<typeof portableIncidentSchema>;
export type PortableIncidentInput = z.input<typeof portableIncidentSchema>;
export type PortableEntry = PortableIncident["entries"][number];
export type PortableLink = PortableIncident["links"][number];
export type PortableActionItem = PortableIncident["actionItems"][number];
export type PortableLesson = PortableIncident["lessons"][number];
export type PortableAttachment = PortableIncident["attachments"][number];

type Path = (string | number)[];
interface IssueSink {
  addIssue(issue: { code: "custom"; path: Path; message: string }): void;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const records = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.map((item) => (isRecord(item) ? item : {})) : []);
const text = (value: unknown): string | null => (typeof value === "string" ? value.trim() : null);

/** Reports each repeated value of `field` after its first use. */
function checkUnique(items: Record<string, unknown>[], field: string, listName: string, what: string, ctx: IssueSink) {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const value = text(item[field]);
    if (value === null) return;
    if (seen.has(value)) ctx.addIssue({ code: "custom", path: [listName, index, field], message: `duplicate ${what} "${value}" (an earlier item already uses it)` });
    seen.add(value);
  });
}

/**
 * Rules that span parts of the incident. Written against `unknown` because it also runs on input
 * that failed field validation; it checks only what it can read.
 */
function crossCheck(input: unknown, ctx: IssueSink) {
  if (!isRecord(input)) return;
  const entries = records(input.entries);
  const links = records(input.links);
  checkUnique(entries, "key", "entries", "entry key", ctx);
  checkUnique(records(input.actionItems), "key", "actionItems", "action item key", ctx);
  checkUnique(records(input.lessons), "slug", "lessons", "lesson slug", ctx);
  checkUnique(records(input.attachments), "filename", "attachments", "attachment file name", ctx);

  const kindByKey = new Map<string, EntryKind>();
  for (const item of entries) {
    const key = text(item.key);
    if (key !== null && !kindByKey.has(key) && ENTRY_KINDS.includes(item.kind as EntryKind)) kindByKey.set(key, item.kind as EntryKind);
  }
  const keys = new Set(entries.map((item) => text(item.key)).filter((key): key is string => key !== null));
  const keyExists = (key: string) => keys.has(key);

  const seenLinks = new Set<string>();
  links.forEach((link, index) => {
    const from = text(link.from);
    const to = text(link.to);
    for (const [end, key] of [["from", from], ["to", to]] as const) {
      if (key !== null && key !== "" && !keyExists(key)) {
        ctx.addIssue({ code: "custom", path: ["links", index, end], message: `there is no entry with key "${key}"` });
      }
    }
    const type = link.type as LinkType;
    if (from === null || to === null || !LINK_TYPES.includes(type)) return;
    const identity = `${from}\u0000${to}\u0000${type}`;
    if (seenLinks.has(identity)) {
      ctx.addIssue({ code: "custom", path: ["links", index], message: `duplicate link ${from} ${type} ${to}` });
    }
    seenLinks.add(identity);
    const fromKind = kindByKey.get(from);
    const toKind = kindByKey.get(to);
    const problem = fromKind && toKind ? linkKindProblem(type, fromKind, toKind) : null;
    if (problem) ctx.addIssue({ code: "custom", path: ["links", index, "type"], message: problem });
  });

  if (input.restricted !== true && Array.isArray(input.members) && input.members.length > 0) {
    ctx.addIssue({ code: "custom", path: ["members"], message: "members are listed only for a restricted incident (add restricted: true, or remove members)" });
  }

  records(input.attachments).forEach((attachment, index) => {
    const key = text(attachment.entry);
    if (key !== null && !keyExists(key)) {
      ctx.addIssue({ code: "custom", path: ["attachments", index, "entry"], message: `there is no entry with key "${key}"` });
    }
  });
}
