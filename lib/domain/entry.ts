import { z } from "zod";
import { authorSchema, markdownSchema, slugSchema, versionSchema } from "./common";

export const ENTRY_KINDS = ["observation", "hypothesis", "evidence", "decision", "action", "root-cause", "fix", "note"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_KIND_LABELS: Record<EntryKind, string> = {
  observation: "Observation",
  hypothesis: "Hypothesis",
  evidence: "Evidence",
  decision: "Decision",
  action: "Action",
  "root-cause": "Root cause",
  fix: "Fix",
  note: "Note",
};

export const HYPOTHESIS_STATUSES = ["open", "supported", "weakened", "refuted", "confirmed"] as const;
export type HypothesisStatus = (typeof HYPOTHESIS_STATUSES)[number];

/**
 * When the entry happened. Accepts an ISO date-time, or a time relative to the incident's timeline:
 * "16:30", "day 2 10:00", "第二天10:00" (resolved by lib/domain/entry-time.ts).
 */
export const entryTimeInputSchema = z.string().trim().min(1, "must not be empty").max(60);

const entryFields = {
  key: slugSchema,
  at: entryTimeInputSchema,
  kind: z.enum(ENTRY_KINDS),
  title: z.string().trim().min(1, "must not be empty").max(300, "must be at most 300 characters"),
  body: markdownSchema,
  author: authorSchema,
  statusOverride: z.enum(HYPOTHESIS_STATUSES).nullable(),
  statusReason: z.string().trim().max(2_000),
};

export const entryCreateSchema = z
  .object({
    ...entryFields,
    key: entryFields.key.optional(),
    body: entryFields.body.default(""),
    author: entryFields.author.default(""),
    statusOverride: entryFields.statusOverride.default(null),
    statusReason: entryFields.statusReason.default(""),
  })
  .strict()
  .superRefine(requireReasonForOverride);
export type EntryCreate = z.infer<typeof entryCreateSchema>;
export type EntryCreateInput = z.input<typeof entryCreateSchema>;

export const entryUpdateSchema = z
  .object(entryFields)
  .omit({ key: true })
  .partial()
  .extend({ version: versionSchema })
  .strict()
  .superRefine(requireReasonForOverride);
export type EntryUpdate = z.infer<typeof entryUpdateSchema>;

export function requireReasonForOverride(
  value: { statusOverride?: HypothesisStatus | null; statusReason?: string; kind?: EntryKind },
  ctx: z.RefinementCtx,
) {
  if (value.statusOverride && !value.statusReason?.trim()) {
    ctx.addIssue({ code: "custom", path: ["statusReason"], message: "a status override needs a stated reason" });
  }
  if (value.statusOverride && value.kind && value.kind !== "hypothesis") {
    ctx.addIssue({ code: "custom", path: ["statusOverride"], message: "only hypotheses have a status" });
  }
}

export interface TimelineEntry {
  id: string;
  key: string;
  at: string;
  recordedAt: string;
  kind: EntryKind;
  title: string;
  body: string;
  author: string;
  statusOverride: HypothesisStatus | null;
  statusReason: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}
