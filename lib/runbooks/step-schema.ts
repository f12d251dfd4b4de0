/**
 * The content format of runbook steps (`content/runbooks/<runbook>/*.md` frontmatter) and of the
 * runbook file (`runbook.yaml`: title, summary, tools with their availability rules).
 * See content/runbooks/README.md for the authoring guide.
 */
import { z } from "zod";
import { slugSchema } from "../domain/common";
import { conditionsSchema } from "./conditions";
import { isFactName } from "./facts";

export const PHASES = ["confirm", "narrow", "locate", "fix"] as const;
export type Phase = (typeof PHASES)[number];
export const PHASE_LABELS: Record<Phase, string> = {
  confirm: "Confirm the leak",
  narrow: "Narrow it down",
  locate: "Locate the code",
  fix: "Fix and verify",
};

/** Timeline entry kinds an outcome may record (guided triage writes them to the incident). */
export const OUTCOME_RECORDS = ["observation", "evidence", "decision"] as const;

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

const hypothesisRefSchema = z.strictObject({
  /** Same key in several steps = the same hypothesis (raised in one, refuted in another). */
  key: slugSchema,
  title: text(200),
  /** How the outcome bears on the hypothesis; absent = the outcome raises it. */
  link: z.enum(["supports", "refutes", "confirms"]).optional(),
});

const commandSchema = z.strictObject({
  id: slugSchema,
  label: text(200),
  /** Shell text; `{{fact}}` placeholders are filled from the incident's facts. */
  run: text(4000),
  /** Dropped from the step (with the reason) when this tool is unavailable. */
  tool: slugSchema.optional(),
  /** Shown next to the command; cautioned commands are left out of "run all" in the Runme export. */
  caution: text(600).optional(),
});

const outcomeSchema = z.strictObject({
  id: slugSchema,
  label: text(300),
  /** The step to go to, or null when triage ends here. Must come later in the runbook (no loops). */
  next: slugSchema.nullable(),
  records: z.enum(OUTCOME_RECORDS),
  hypothesis: hypothesisRefSchema.optional(),
});

function uniqueIds(what: string) {
  return (items: { id: string }[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: `${what} id "${item.id}" is used twice in this step` });
      seen.add(item.id);
    });
  };
}

export const stepFrontmatterSchema = z.strictObject({
  id: slugSchema,
  title: text(200),
  /** Position in the runbook; steps sort by order, then id. */
  order: z.number().int().min(0).max(100_000),
  phase: z.enum(PHASES),
  goal: text(1000),
  when: conditionsSchema.default({}),
  /** The step needs every one of these tools; an unavailable one excludes the step. */
  tools: z.array(slugSchema).max(10).default([]),
  commands: z.array(commandSchema).max(20).superRefine(uniqueIds("command")).default([]),
  lookFor: z.array(text(1000)).max(20).default([]),
  outcomes: z.array(outcomeSchema).min(1, "a step needs at least one outcome (what was found, and where it leads)").max(12).superRefine(uniqueIds("outcome")),
  cautions: z.array(text(1000)).max(10).default([]),
  /** Slugs of lessons (e.g. from the worked example) this step puts into practice. */
  lessons: z.array(slugSchema).max(10).default([]),
  /** Show the runbook's tool-availability matrix (computed from the facts) with this step. */
  showToolMatrix: z.boolean().default(false),
});
export type StepFrontmatter = z.infer<typeof stepFrontmatterSchema>;
export type StepCommand = StepFrontmatter["commands"][number];
export type StepOutcome = StepFrontmatter["outcomes"][number];

/** A step as loaded: frontmatter, Markdown body, and where it came from (for `file:line` issues). */
export interface StepDefinition extends StepFrontmatter {
  body: string;
  file: string;
}

const toolSchema = z.strictObject({
  id: slugSchema,
  name: text(80),
  purpose: text(300),
  requires: conditionsSchema,
  /** Reason per fact shown instead of the generated clause, e.g. allocatorProfiling: "jemalloc built without profiling". */
  unmet: z
    .record(z.string(), text(300))
    .default({})
    .superRefine((reasons, ctx) => {
      for (const name of Object.keys(reasons)) {
        if (!isFactName(name) && name !== "present" && name !== "missing") ctx.addIssue({ code: "custom", path: [name], message: `unknown fact "${name}"` });
      }
    }),
  /** A command that settles availability when a required fact is not recorded. */
  check: text(1000).optional(),
});
export type ToolDefinition = z.infer<typeof toolSchema>;

export const runbookFileSchema = z.strictObject({
  title: text(120),
  summary: text(2000),
  tools: z.array(toolSchema).min(1).max(50).superRefine((tools, ctx) => {
    const seen = new Set<string>();
    tools.forEach((tool, index) => {
      if (seen.has(tool.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: `tool id "${tool.id}" is used twice` });
      seen.add(tool.id);
    });
  }),
});
export type RunbookFile = z.infer<typeof runbookFileSchema>;

/** A validated step library: the runbook file and its steps in runbook order. */
export interface StepLibrary {
  name: string;
  title: string;
  summary: string;
  tools: ToolDefinition[];
  steps: StepDefinition[];
}
