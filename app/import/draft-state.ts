import type { EntryKind } from "@/lib/domain/entry";
import type { NarrativeDraft } from "@/lib/narrative/draft";

/** The review screen's editable copy of a narrative draft, and its conversion to the save request. */

export interface EditableEntry {
  id: number;
  key: string;
  /** "YYYY-MM-DD HH:MM" in the incident's zone — or anything the timeline accepts ("16:45", ISO). */
  at: string;
  timeText: string;
  kind: EntryKind;
  kindCue: string | null;
  title: string;
  body: string;
  lines: [number, number];
}

export interface EditableLesson {
  id: number;
  title: string;
  body: string;
  lines: [number, number];
}

export interface EditableDraft {
  /** The parsed draft's incident fields, with tags as the comma-separated text the form edits. */
  incident: Omit<NarrativeDraft["incident"], "detectedAt"> & { tags: string };
  entries: EditableEntry[];
  lessons: EditableLesson[];
}

/** "2019-12-19T16:30:00+08:00" → "2019-12-19 16:30": the draft's times are already in the incident's zone. */
export function localTime(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

export function toEditable(draft: NarrativeDraft): EditableDraft {
  let id = 0;
  return {
    incident: {
      slug: draft.incident.slug,
      title: draft.incident.title,
      summary: draft.incident.summary,
      impact: draft.incident.impact,
      rootCause: draft.incident.rootCause,
      originalLanguage: draft.incident.originalLanguage,
      timezone: draft.incident.timezone,
      status: draft.incident.status,
      severity: draft.incident.severity,
      tags: "",
    },
    entries: draft.entries.map((entry) => ({ ...entry, id: id++, at: localTime(entry.at) })),
    lessons: draft.lessons.map((lesson) => ({ ...lesson, id: id++ })),
  };
}

export function toSaveRequest(draft: EditableDraft) {
  const { tags, ...incident } = draft.incident;
  return {
    incident: {
      ...incident,
      tags: tags
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
    },
    entries: draft.entries.map(({ key, at, kind, title, body }) => ({ key: key || undefined, at, kind, title, body })),
    lessons: draft.lessons.map(({ title, body }) => ({ title, body })),
  };
}
