/**
 * Guided triage: the stored session and outcome shapes, and the requests that change them (one zod
 * schema each; the API, the CLI and the pages validate with these).
 */
import { z } from "zod";
import { authorSchema, slugSchema, versionSchema } from "../domain/common";
import { entryTimeInputSchema } from "../domain/entry";

export const TRIAGE_STATUSES = ["active", "completed", "abandoned"] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

const noteSchema = z.string().trim().max(4_000, "must be at most 4000 characters");

export const triageStartSchema = z.strictObject({
  /** Abandon the triage in progress (if any) and start over from the incident's current facts. */
  restart: z.boolean().default(false),
  author: authorSchema.default(""),
});
export type TriageStart = z.infer<typeof triageStartSchema>;

/** Fields every change to a running triage sends: the session version it read (409 when stale). */
const changeFields = {
  version: versionSchema,
  author: authorSchema.default(""),
};

export const triageOutcomeSchema = z.strictObject({
  ...changeFields,
  step: slugSchema,
  outcome: slugSchema,
  note: noteSchema.default(""),
  /** When it was found (ISO, "16:30", "day 2 10:00"); default now. */
  at: entryTimeInputSchema.optional(),
});
export type TriageOutcomeInput = z.infer<typeof triageOutcomeSchema>;

export const triageSkipSchema = z.strictObject({
  ...changeFields,
  step: slugSchema,
  reason: z.string().trim().min(1, "say why the step is skipped").max(2_000, "must be at most 2000 characters"),
  at: entryTimeInputSchema.optional(),
});
export type TriageSkipInput = z.infer<typeof triageSkipSchema>;

export const triageUndoSchema = z.strictObject(changeFields);
export const triageFinishSchema = z.strictObject({
  ...changeFields,
  /** completed: the walk is done; abandoned: given up (a new triage may start). */
  status: z.enum(["completed", "abandoned"]).default("completed"),
});
export type TriageFinishInput = z.infer<typeof triageFinishSchema>;

export interface TriageSessionView {
  id: string;
  runbook: string;
  status: TriageStatus;
  facts: Record<string, unknown>;
  stepsHash: string;
  createdBy: string;
  createdAt: string;
  endedAt: string | null;
  version: number;
}

/** One recorded step, with the timeline entry it created (null if that entry was deleted since). */
export interface TriageRecordView {
  position: number;
  stepId: string;
  stepTitle: string;
  outcomeId: string | null;
  outcomeLabel: string;
  skipped: boolean;
  reason: string;
  note: string;
  nextStepId: string | null;
  author: string;
  at: string;
  entry: { key: string; kind: string; title: string } | null;
  hypothesis: { key: string; title: string } | null;
}
