import { z } from "zod";
import {
  ENTRY_KINDS,
  entryTimeInputSchema,
  INCIDENT_STATUSES,
  isoDateSchema,
  labelListSchema,
  markdownSchema,
  SEVERITIES,
  slugSchema,
  timeZoneSchema,
  type EntryKind,
  type IncidentStatus,
  type Severity,
} from "../domain";

/** The shapes of narrative import: what is sent, the draft that comes back, and the edited draft that is saved. */

export const MAX_NARRATIVE_CHARACTERS = 1_000_000;

export const narrativeRequestSchema = z
  .object({
    text: z
      .string({ error: "text is required: the postmortem as Markdown or plain text" })
      .max(MAX_NARRATIVE_CHARACTERS, `the text is longer than ${MAX_NARRATIVE_CHARACTERS.toLocaleString("en")} characters`)
      .refine((text) => text.trim() !== "", "paste or upload a postmortem: the text is empty"),
    timezone: timeZoneSchema.optional(),
    /** Day 1 of the timeline when the text gives times of day only. */
    day1: isoDateSchema.optional(),
  })
  .strict();
export type NarrativeRequest = z.infer<typeof narrativeRequestSchema>;

export interface DraftEntry {
  key: string;
  /** ISO 8601 with the incident zone's offset. */
  at: string;
  /** The time as the text wrote it ("第二天10:00"). */
  timeText: string;
  kind: EntryKind;
  /** The cue word behind the guessed kind; null when none matched (default kind). */
  kindCue: string | null;
  title: string;
  body: string;
  /** 1-based first and last line of the source this entry came from. */
  lines: [number, number];
}

export interface DraftLesson {
  title: string;
  body: string;
  lines: [number, number];
}

/** An image the text refers to: no bytes yet, the file is attached after saving. */
export interface DraftAttachment {
  filename: string;
  entryKey: string | null;
  line: number;
}

export interface NarrativeDraft {
  incident: {
    slug: string;
    title: string;
    summary: string;
    impact: string;
    rootCause: string;
    originalLanguage: string;
    timezone: string;
    status: IncidentStatus;
    severity: Severity;
    detectedAt: string | null;
  };
  /** In time order (stable for equal times). */
  entries: DraftEntry[];
  lessons: DraftLesson[];
  attachments: DraftAttachment[];
  /** Things the person should check before saving. */
  warnings: string[];
  /** Day 1 of the timeline (YYYY-MM-DD) and whether the text said so or it was assumed. */
  day1: { date: string; assumed: boolean };
}

const title = z.string().trim().min(1, "must not be empty").max(300, "must be at most 300 characters");

/** What the review screen sends back to be saved as an incident (after any edits). */
export const narrativeSaveSchema = z
  .object({
    incident: z
      .object({
        slug: slugSchema,
        title: title.refine((value) => !/[\r\n]/.test(value), "must be a single line"),
        summary: markdownSchema.default(""),
        impact: markdownSchema.default(""),
        rootCause: markdownSchema.default(""),
        originalLanguage: z.string().trim().max(20).default(""),
        timezone: timeZoneSchema,
        status: z.enum(INCIDENT_STATUSES).default("postmortem-draft"),
        severity: z.enum(SEVERITIES).default("sev3"),
        services: labelListSchema.default([]),
        tags: labelListSchema.default([]),
      })
      .strict(),
    entries: z
      .array(
        z
          .object({
            key: slugSchema.optional(),
            at: entryTimeInputSchema,
            kind: z.enum(ENTRY_KINDS),
            title: title.refine((value) => !/[\r\n]/.test(value), "must be a single line"),
            body: markdownSchema.default(""),
          })
          .strict(),
      )
      .min(1, "keep at least one timeline entry")
      .max(5_000),
    lessons: z
      .array(z.object({ title: title.refine((value) => !/[\r\n]/.test(value), "must be a single line"), body: markdownSchema.default("") }).strict())
      .max(200)
      .default([]),
    author: z.string().trim().max(120).optional(),
  })
  .strict();
export type NarrativeSave = z.input<typeof narrativeSaveSchema>;
