import { UnprocessableError } from "@/lib/errors";
import { portableIncident, type PortableIncident, type PortableIncidentInput } from "./portable";

export interface IncidentJsonOptions {
  /** Adds each attachment's bytes as base64 (`dataBase64`) so the JSON stands alone. */
  includeAttachmentData?: boolean;
}

/**
 * The JSON export of an incident: the canonical portable form with keys in a fixed order (the order
 * of the content file), 2-space indent, trailing newline. parseIncidentJson reads it back.
 */
export function renderIncidentJson(input: PortableIncident | PortableIncidentInput, options: IncidentJsonOptions = {}): string {
  const incident = portableIncident(input, `incident "${(input as { slug?: unknown }).slug ?? "?"}"`);
  const ordered = {
    slug: incident.slug,
    title: incident.title,
    titleOriginal: incident.titleOriginal,
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
    entries: incident.entries.map((entry) => ({
      key: entry.key,
      at: entry.at,
      kind: entry.kind,
      title: entry.title,
      body: entry.body,
      author: entry.author,
      statusOverride: entry.statusOverride,
      statusReason: entry.statusReason,
    })),
    links: incident.links.map((link) => ({ from: link.from, to: link.to, type: link.type, note: link.note })),
    actionItems: incident.actionItems.map((item) => ({
      key: item.key,
      title: item.title,
      type: item.type,
      status: item.status,
      owner: item.owner,
      dueDate: item.dueDate,
      externalLink: item.externalLink,
    })),
    lessons: incident.lessons.map((lesson) => ({ slug: lesson.slug, title: lesson.title, tags: lesson.tags, body: lesson.body })),
    attachments: incident.attachments.map((attachment) => ({
      filename: attachment.filename,
      mediaType: attachment.mediaType,
      caption: attachment.caption,
      entry: attachment.entry,
      sha256: attachment.sha256,
      size: attachment.size,
      ...(options.includeAttachmentData && attachment.data ? { dataBase64: Buffer.from(attachment.data).toString("base64") } : {}),
    })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Reads a JSON export (with or without `dataBase64`); issues are named by path, e.g. `entries[2].at`. */
export function parseIncidentJson(text: string, source: string): PortableIncident {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UnprocessableError(`${source} is not valid JSON`, [{ path: source, message: (error as Error).message }]);
  }
  if (isRecord(value) && Array.isArray(value.attachments)) {
    const attachments = value.attachments.map((attachment: unknown) => {
      if (!isRecord(attachment) || typeof attachment.dataBase64 !== "string") return attachment;
      const { dataBase64, ...rest } = attachment;
      return { ...rest, data: new Uint8Array(Buffer.from(dataBase64 as string, "base64")) };
    });
    value = { ...value, attachments };
  }
  return portableIncident(value, source);
}
