import { z } from "zod";
import { labelListSchema, markdownSchema, slugSchema, versionSchema } from "../domain/common";
import { globProblem } from "./glob";
import { patternProblem } from "./patterns";
import { ITEM_CODE_PATTERN, LANGUAGES, SEVERITIES, type Language } from "./vocabulary";

/**
 * Schemas of the checklist library: items as written in lesson files (`content/lessons/<slug>.md`),
 * the portable lesson those files carry, and the named checklists the builder saves.
 */

const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !/[\r\n]/.test(value), "must be a single line");

const languageSchema = z.enum(LANGUAGES as [Language, ...Language[]], { error: `must be one of ${LANGUAGES.join(", ")}` });

const globSchema = z.string().superRefine((glob, ctx) => {
  const problem = globProblem(glob);
  if (problem) ctx.addIssue({ code: "custom", message: `glob ${JSON.stringify(glob)} ${problem}` });
});

const patternSchema = z.string().superRefine((pattern, ctx) => {
  const problem = patternProblem(pattern);
  if (problem) ctx.addIssue({ code: "custom", message: `pattern ${JSON.stringify(pattern)} ${problem}` });
});

const uniqueList = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .array(item)
    .max(max, `at most ${max} entries`)
    .default([])
    .transform((items) => [...new Set(items)]);

/** Which changes an item applies to. Every given rule must hold for one changed file; none given: every change. */
export const appliesToSchema = z
  .object({
    languages: uniqueList(languageSchema, LANGUAGES.length),
    paths: uniqueList(globSchema, 30),
    patterns: uniqueList(patternSchema, 20),
  })
  .strict();
export type AppliesTo = z.output<typeof appliesToSchema>;

export const itemCodeSchema = z
  .string()
  .trim()
  .regex(ITEM_CODE_PATTERN, "must look like MEM-OWN-01: upper-case words joined by dashes, ending in a two- or three-digit number")
  .max(40, "must be at most 40 characters");

export const checklistItemSchema = z
  .object({
    id: itemCodeSchema,
    severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(", ")}` }),
    question: singleLine(300),
    why: z.string().trim().min(1, "must say why reviewers ask this (what went wrong without it)").max(2_000, "must be at most 2,000 characters"),
    appliesTo: appliesToSchema.default({ languages: [], paths: [], patterns: [] }),
  })
  .strict();
export type ChecklistItemDefinition = z.output<typeof checklistItemSchema>;

/** The frontmatter of a lesson file; the body (the lesson's Markdown text) follows it. */
export const lessonFileFieldsSchema = z
  .object({
    slug: slugSchema,
    title: singleLine(300).refine((value) => !/<!-- \/?casebook:/.test(value), "must not contain casebook marker syntax (<!-- casebook:…)"),
    tags: labelListSchema.default([]),
    incidents: uniqueList(slugSchema, 500),
    items: z.array(checklistItemSchema).max(50, "at most 50 items per lesson").default([]),
  })
  .strict();

/** A lesson of the library in portable form: what a lesson file holds and the database exports. */
export const portableLessonEntrySchema = lessonFileFieldsSchema.extend({ body: markdownSchema });
export type PortableLessonEntry = z.output<typeof portableLessonEntrySchema>;
export type PortableLessonEntryInput = z.input<typeof portableLessonEntrySchema>;

/** Names that are API paths under /api/v1/checklists/, so no checklist may take them. */
export const RESERVED_CHECKLIST_NAMES = ["export", "items", "for-diff", "new"];

export const checklistNameSchema = slugSchema.refine((name) => !RESERVED_CHECKLIST_NAMES.includes(name), {
  message: `must not be one of ${RESERVED_CHECKLIST_NAMES.join(", ")} (those are API paths)`,
});

const itemCodeListSchema = z
  .array(itemCodeSchema)
  .min(1, "choose at least one item")
  .max(500, "at most 500 items")
  .refine((codes) => new Set(codes).size === codes.length, "lists an item twice");

export const checklistCreateSchema = z
  .object({
    name: checklistNameSchema,
    title: singleLine(200),
    description: z.string().trim().max(2_000, "must be at most 2,000 characters").default(""),
    items: itemCodeListSchema,
  })
  .strict();
export type ChecklistCreate = z.output<typeof checklistCreateSchema>;

export const checklistUpdateSchema = z
  .object({
    title: singleLine(200).optional(),
    description: z.string().trim().max(2_000, "must be at most 2,000 characters").optional(),
    items: itemCodeListSchema.optional(),
    version: versionSchema,
  })
  .strict();
export type ChecklistUpdate = z.output<typeof checklistUpdateSchema>;
