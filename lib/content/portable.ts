import { z } from "zod";
import { formatZonedIso, type IncidentDocument } from "@/lib/domain";
import { UnprocessableError, type ErrorIssue } from "@/lib/errors";
import {
  portableIncidentSchema,
  type PortableAttachment,
  type PortableEntry,
  type PortableIncident,
  type PortableIncidentInput,
  type PortableLink,
} from "./portable-schema";

export * from "./portable-schema";

/** A validation problem located by its path inside the portable incident (before any sorting). */
export interface PortableIssue {
  path: (string | number)[];
  message: string;
}

/** Code-unit order: the same on every machine and locale, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Missing fields read better as "is required" than zod's "expected string, received undefined".
const requiredMessage = (issue: { input?: unknown; code?: string }) =>
  issue.code === "invalid_type" && issue.input === undefined ? "is required" : undefined;

/**
 * Validates without sorting or normalising. Zod reports unknown keys once per object; they are split
 * here so each can be located on its own line.
 */
export function validatePortable(input: unknown): { ok: true; value: PortableIncident } | { ok: false; issues: PortableIssue[] } {
  const result = portableIncidentSchema.safeParse(input, { error: requiredMessage });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: flattenZodIssues(result.error.issues) };
}

export function flattenZodIssues(issues: z.core.$ZodIssue[]): PortableIssue[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment));
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: [...path, key], message: "is not a known field" }));
    }
    return [{ path, message: issue.message }];
  });
}

const lf = (text: string) => text.replace(/\r\n?/g, "\n");

/**
 * The one canonical shape: times in the incident's zone (ISO with offset, whole seconds), entries by
 * time then key, links by from/to/type, attachments by file name, facts by name. Action items and
 * lessons keep their order — it is their position. Line breaks become LF: files are read that way.
 */
export function canonicalizePortable(value: PortableIncident): PortableIncident {
  const zone = value.timezone;
  const zoned = (iso: string | null) => (iso === null ? null : formatZonedIso(iso, zone));
  const entries: PortableEntry[] = value.entries
    .map((entry) => ({ ...entry, at: formatZonedIso(entry.at, zone), body: lf(entry.body) }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || compareText(a.key, b.key));
  const links: PortableLink[] = value.links.map((link) => ({ ...link, note: lf(link.note) })).sort(
    (a, b) => compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.type, b.type),
  );
  const attachments: PortableAttachment[] = [...value.attachments].sort((a, b) => compareText(a.filename, b.filename));
  const facts = Object.fromEntries(Object.entries(value.facts).sort(([a], [b]) => compareText(a, b)));
  return {
    ...value,
    startedAt: zoned(value.startedAt),
    detectedAt: zoned(value.detectedAt),
    resolvedAt: zoned(value.resolvedAt),
    facts,
    summary: lf(value.summary),
    summaryOriginal: lf(value.summaryOriginal),
    impact: lf(value.impact),
    rootCause: lf(value.rootCause),
    contributingFactors: value.contributingFactors.map(lf),
    entries,
    links,
    actionItems: value.actionItems,
    lessons: value.lessons.map((lesson) => ({ ...lesson, body: lf(lesson.body) })),
    attachments,
    restricted: value.restricted,
    members: value.restricted ? [...new Set(value.members)].sort(compareText) : [],
  };
}

/**
 * Where each member email of an incident read from a content folder was written (`file:line`), so an
 * import can point at the line naming an email that has no account.
 */
export const memberLocations = new WeakMap<PortableIncident, Map<string, string>>();

/** Restriction and members as stored (lib/auth getIncidentAccess), for toPortable. */
export interface PortableAccess {
  restricted: boolean;
  memberEmails: string[];
}

/** Validates and canonicalises, or throws an UnprocessableError whose issue paths look like `entries[2].at`. */
export function portableIncident(input: unknown, what = "incident"): PortableIncident {
  const result = validatePortable(input);
  if (!result.ok) {
    const issues: ErrorIssue[] = result.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
    throw new UnprocessableError(`${what} is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
  }
  return canonicalizePortable(result.value);
}

/** `["entries", 2, "at"]` → `entries[2].at`. */
export function formatIssuePath(path: (string | number)[]): string {
  let out = "";
  for (const segment of path) out += typeof segment === "number" ? `[${segment}]` : out ? `.${segment}` : segment;
  return out || "(incident)";
}

const singleLineTitle = (title: string) => title.replace(/\s*[\r\n]+\s*/g, " ").trim();

/**
 * The portable form of an incident read from the database. `attachmentData` maps attachment ids to
 * their bytes; without it attachments carry metadata only. Titles are joined into one line — besides
 * the LF line breaks of canonicalizePortable, the only change a content file forces.
 */
export function toPortable(doc: IncidentDocument, attachmentData?: ReadonlyMap<string, Uint8Array>, access?: PortableAccess): PortableIncident {
  const { incident } = doc;
  const input: PortableIncidentInput = {
    slug: incident.slug,
    title: singleLineTitle(incident.title),
    titleOriginal: singleLineTitle(incident.titleOriginal),
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
    entries: doc.entries.map((entry) => ({
      key: entry.key,
      at: entry.at,
      kind: entry.kind,
      title: singleLineTitle(entry.title),
      body: entry.body,
      author: entry.author,
      statusOverride: entry.statusOverride,
      statusReason: entry.statusReason,
    })),
    links: doc.links.map((link) => ({ from: link.from, to: link.to, type: link.type, note: link.note })),
    actionItems: [...doc.actionItems]
      .sort((a, b) => a.position - b.position)
      .map((item) => ({
        key: item.key,
        title: singleLineTitle(item.title),
        type: item.type,
        status: item.status,
        owner: item.owner,
        dueDate: item.dueDate === null ? null : item.dueDate.slice(0, 10),
        externalLink: item.externalLink,
      })),
    lessons: doc.lessons.map((lesson) => ({ slug: lesson.slug, title: singleLineTitle(lesson.title), tags: lesson.tags, body: lesson.body })),
    attachments: doc.attachments.map((attachment) => {
      const data = attachmentData?.get(attachment.id);
      return {
        filename: attachment.filename,
        mediaType: attachment.mediaType as PortableAttachment["mediaType"],
        caption: attachment.caption,
        entry: attachment.entryKey,
        sha256: attachment.sha256,
        size: attachment.size,
        ...(data ? { data } : {}),
      };
    }),
    restricted: access?.restricted ?? false,
    members: access?.restricted ? access.memberEmails : [],
  };
  return portableIncident(input, `incident "${incident.slug}"`);
}
