import { z } from "zod";
import type { Db } from "../db/client";
import { entryTimeInputSchema, markdownSchema, type Attachment, type TimelineEntry } from "../domain";
import { addAttachment } from "../incidents/attachments";
import { addEntry, deleteEntry } from "../incidents/entries";
import { parseInput } from "../validation/parse";

/** An analyzer's report filed as evidence: a readable Markdown summary plus the full JSON report. */
export const analysisEvidenceSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    summaryMarkdown: markdownSchema,
    report: z.unknown().refine((value) => value !== undefined, "the JSON report is required"),
    reportName: z
      .string()
      .trim()
      .regex(/^[\w.-]+\.json$/, "must be a file name ending in .json")
      .default("analysis.json"),
    at: entryTimeInputSchema.optional(),
    author: z.string().trim().max(120).default(""),
  })
  .strict();
export type AnalysisEvidence = z.input<typeof analysisEvidenceSchema>;

/**
 * Files the evidence entry first, then its JSON attachment; if the attachment is refused (size,
 * content) the entry is removed again so the timeline never shows evidence without its report.
 */
export async function attachAnalysisAsEvidence(db: Db, slug: string, input: unknown): Promise<{ entry: TimelineEntry; attachment: Attachment }> {
  const evidence = parseInput(analysisEvidenceSchema, input, "evidence");
  const entry = await addEntry(db, slug, {
    at: evidence.at ?? new Date().toISOString(),
    kind: "evidence",
    title: evidence.title,
    body: evidence.summaryMarkdown,
    author: evidence.author,
  });
  try {
    const bytes = new TextEncoder().encode(`${JSON.stringify(evidence.report, null, 2)}\n`);
    const attachment = await addAttachment(db, slug, { filename: evidence.reportName, mediaType: "application/json", caption: evidence.title, entry: entry.key }, bytes);
    return { entry, attachment };
  } catch (error) {
    await deleteEntry(db, slug, entry.key, undefined, evidence.author);
    throw error;
  }
}
