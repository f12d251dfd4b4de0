import type {
  ActionItem as ActionItemRow,
  Attachment as AttachmentRow,
  EntryLink as EntryLinkRow,
  Incident as IncidentRow,
  Lesson as LessonRow,
  TimelineEntry as EntryRow,
} from "../db/generated/sqlite/client";
import type {
  ActionItem,
  ActionItemStatus,
  ActionItemType,
  Attachment,
  EntryKind,
  EntryLink,
  Facts,
  HypothesisStatus,
  Incident,
  IncidentStatus,
  Lesson,
  LinkType,
  Severity,
  TimelineEntry,
} from "../domain";

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);
const dateOnly = (date: Date | null): string | null => (date ? date.toISOString().slice(0, 10) : null);

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    titleOriginal: row.titleOriginal,
    summary: row.summary,
    summaryOriginal: row.summaryOriginal,
    originalLanguage: row.originalLanguage,
    status: row.status as IncidentStatus,
    severity: row.severity as Severity,
    services: parseJson<string[]>(row.services, []),
    tags: parseJson<string[]>(row.tags, []),
    timezone: row.timezone,
    startedAt: iso(row.startedAt),
    detectedAt: iso(row.detectedAt),
    resolvedAt: iso(row.resolvedAt),
    impact: row.impact,
    facts: parseJson<Facts>(row.facts, {}),
    rootCause: row.rootCause,
    contributingFactors: parseJson<string[]>(row.contributingFactors, []),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toEntry(row: EntryRow): TimelineEntry {
  return {
    id: row.id,
    key: row.key,
    at: row.at.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
    kind: row.kind as EntryKind,
    title: row.title,
    body: row.body,
    author: row.author,
    statusOverride: (row.statusOverride as HypothesisStatus | null) ?? null,
    statusReason: row.statusReason,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toLink(row: EntryLinkRow, keyById: Map<string, string>): EntryLink {
  return {
    id: row.id,
    from: keyById.get(row.fromEntryId) ?? row.fromEntryId,
    to: keyById.get(row.toEntryId) ?? row.toEntryId,
    type: row.type as LinkType,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toActionItem(row: ActionItemRow): ActionItem {
  return {
    id: row.id,
    key: row.key,
    title: row.title,
    owner: row.owner,
    dueDate: dateOnly(row.dueDate),
    type: row.type as ActionItemType,
    status: row.status as ActionItemStatus,
    externalLink: row.externalLink,
    position: row.position,
    version: row.version,
  };
}

export function toLesson(row: LessonRow): Lesson {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    body: row.body,
    tags: parseJson<string[]>(row.tags, []),
    version: row.version,
  };
}

export function toAttachment(row: Omit<AttachmentRow, "data">, keyById: Map<string, string>): Attachment {
  return {
    id: row.id,
    filename: row.filename,
    mediaType: row.mediaType,
    size: row.size,
    sha256: row.sha256,
    caption: row.caption,
    entryKey: row.entryId ? (keyById.get(row.entryId) ?? null) : null,
    createdAt: row.createdAt.toISOString(),
  };
}
