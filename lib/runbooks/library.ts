/**
 * Parses and validates a runbook's content: `runbook.yaml` plus one Markdown file per step. Every
 * problem of every file is reported at once as `file:line: reason` — field errors at their key, and
 * across files: duplicate step ids, outcomes leading to unknown steps or back up the runbook (loops),
 * unknown tools, placeholders and lessons.
 */
import type { z } from "zod";
import type { LineIssue } from "../content/frontmatter";
import { parseYamlWithLines, splitFrontmatter } from "../content/yaml-lines";
import { UnprocessableError, type ErrorIssue } from "../errors";
import { quotedPlaceholders, unknownPlaceholders } from "./placeholders";
import {
  runbookFileSchema,
  stepFrontmatterSchema,
  type RunbookFile,
  type StepDefinition,
  type StepLibrary,
} from "./step-schema";

export interface ContentText {
  file: string;
  text: string;
}

type LineOf = (path: readonly PropertyKey[]) => number;

interface Parsed<T> {
  value: T | null;
  lineOf: LineOf;
  issues: LineIssue[];
}

function zodLineIssues(error: z.ZodError, lineOf: LineOf): LineIssue[] {
  return error.issues.map((issue) => {
    const where = issue.path.map(String).join(".");
    // Unknown keys are reported on the object; point at the key itself.
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    const line = keys.length ? lineOf([...issue.path, keys[0]]) : lineOf(issue.path);
    return { line, message: where ? `${where}: ${issue.message}` : issue.message };
  });
}

export function parseStepText({ file, text }: ContentText): Parsed<StepDefinition> {
  const split = splitFrontmatter(text);
  if ("message" in split) return { value: null, lineOf: () => 1, issues: [split] };
  const yaml = parseYamlWithLines(split.yaml, split.yamlLine);
  if (yaml.issues.length) return { value: null, lineOf: yaml.lineOf, issues: yaml.issues };
  if (typeof yaml.data !== "object" || yaml.data === null || Array.isArray(yaml.data)) {
    return { value: null, lineOf: yaml.lineOf, issues: [{ line: split.yamlLine, message: "the frontmatter must be a YAML mapping of field names to values" }] };
  }
  const result = stepFrontmatterSchema.safeParse(yaml.data);
  if (!result.success) return { value: null, lineOf: yaml.lineOf, issues: zodLineIssues(result.error, yaml.lineOf) };
  const issues: LineIssue[] = [];
  const body = split.body.trim();
  if (!body) issues.push({ line: split.bodyLine, message: "the step needs a Markdown body explaining how to read what the commands show" });
  result.data.commands.forEach((command, index) => {
    const line = yaml.lineOf(["commands", index, "run"]);
    const unknown = unknownPlaceholders(command.run);
    if (unknown.length) {
      issues.push({ line, message: `commands.${index}.run: unknown placeholder${unknown.length > 1 ? "s" : ""} ${unknown.map((name) => `{{${name}}}`).join(", ")}` });
    }
    const quoted = quotedPlaceholders(command.run);
    if (quoted.length) {
      issues.push({ line, message: `commands.${index}.run: ${quoted.map((name) => `{{${name}}}`).join(", ")} inside quotes — the generator quotes filled values itself, and an unfilled <${quoted[0]}> must stay visible to the shell` });
    }
  });
  return { value: { ...result.data, body, file }, lineOf: yaml.lineOf, issues };
}

export function parseRunbookText({ text }: ContentText): Parsed<RunbookFile> {
  const yaml = parseYamlWithLines(text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"), 1);
  if (yaml.issues.length) return { value: null, lineOf: yaml.lineOf, issues: yaml.issues };
  const result = runbookFileSchema.safeParse(yaml.data);
  if (!result.success) return { value: null, lineOf: yaml.lineOf, issues: zodLineIssues(result.error, yaml.lineOf) };
  const issues: LineIssue[] = [];
  result.data.tools.forEach((tool, index) => {
    if (!tool.check) return;
    const unknown = unknownPlaceholders(tool.check);
    const quoted = quotedPlaceholders(tool.check);
    const line = yaml.lineOf(["tools", index, "check"]);
    if (unknown.length) issues.push({ line, message: `tools.${index}.check: unknown placeholder ${unknown.map((name) => `{{${name}}}`).join(", ")}` });
    if (quoted.length) issues.push({ line, message: `tools.${index}.check: ${quoted.map((name) => `{{${name}}}`).join(", ")} inside quotes (the generator quotes filled values itself)` });
  });
  return { value: result.data, lineOf: yaml.lineOf, issues };
}

export interface LibraryOptions {
  /** Lesson slugs that exist (from the incidents' content); when given, other lesson slugs are errors. */
  knownLessons?: Set<string>;
}

/**
 * Builds a library from its files, or throws an UnprocessableError (HTTP 422, CLI exit 2) whose
 * issues are `{path: "file:line", message}` for every problem found.
 */
export function buildStepLibrary(name: string, runbookFile: ContentText, stepFiles: ContentText[], options: LibraryOptions = {}): StepLibrary {
  const issues: ErrorIssue[] = [];
  const report = (file: string, list: LineIssue[]) => issues.push(...list.map((issue) => ({ path: `${file}:${issue.line}`, message: issue.message })));

  const runbook = parseRunbookText(runbookFile);
  report(runbookFile.file, runbook.issues);
  const steps: { step: StepDefinition; lineOf: LineOf }[] = [];
  for (const file of stepFiles) {
    const parsed = parseStepText(file);
    report(file.file, parsed.issues);
    if (parsed.value) steps.push({ step: parsed.value, lineOf: parsed.lineOf });
  }

  const byId = new Map<string, { step: StepDefinition; lineOf: LineOf }>();
  for (const entry of steps) {
    const first = byId.get(entry.step.id);
    if (first) report(entry.step.file, [{ line: entry.lineOf(["id"]), message: `step id "${entry.step.id}" is already used by ${first.step.file}:${first.lineOf(["id"])}` }]);
    else byId.set(entry.step.id, entry);
  }
  const toolIds = new Set(runbook.value?.tools.map((tool) => tool.id) ?? []);
  for (const { step, lineOf } of steps) {
    const problems: LineIssue[] = [];
    step.outcomes.forEach((outcome, index) => {
      if (outcome.next === null) return;
      const target = byId.get(outcome.next);
      const line = lineOf(["outcomes", index, "next"]);
      if (!target) problems.push({ line, message: `outcome "${outcome.id}" leads to unknown step "${outcome.next}"` });
      else if (outcome.next === step.id) problems.push({ line, message: `outcome "${outcome.id}" leads back to its own step (loops are not allowed)` });
      else if (target.step.order <= step.order) {
        problems.push({ line, message: `outcome "${outcome.id}" leads back to "${outcome.next}" (order ${target.step.order}, not after ${step.order}): a runbook only moves forward, so loops are not allowed` });
      }
    });
    if (runbook.value) {
      step.tools.forEach((tool, index) => {
        if (!toolIds.has(tool)) problems.push({ line: lineOf(["tools", index]), message: `unknown tool "${tool}" (tools are defined in ${runbookFile.file})` });
      });
      step.commands.forEach((command, index) => {
        if (command.tool && !toolIds.has(command.tool)) problems.push({ line: lineOf(["commands", index, "tool"]), message: `unknown tool "${command.tool}" (tools are defined in ${runbookFile.file})` });
      });
    }
    if (options.knownLessons) {
      step.lessons.forEach((lesson, index) => {
        if (!options.knownLessons!.has(lesson)) problems.push({ line: lineOf(["lessons", index]), message: `unknown lesson "${lesson}" (no incident in the content has it)` });
      });
    }
    report(step.file, problems);
  }
  if (stepFiles.length === 0) issues.push({ path: `${runbookFile.file}:1`, message: "the runbook has no step files" });

  if (issues.length || !runbook.value) {
    const listing = issues.map((issue) => `${issue.path}: ${issue.message}`).join("\n");
    throw new UnprocessableError(`${issues.length} problem${issues.length === 1 ? "" : "s"} in runbook "${name}":\n${listing}`, issues);
  }
  return {
    name,
    title: runbook.value.title,
    summary: runbook.value.summary,
    tools: runbook.value.tools,
    steps: steps.map((entry) => entry.step).sort(runbookOrder),
  };
}

/** Runbook order: by `order`, then id (ids are unique, so the order is total and stable). */
export function runbookOrder(a: StepDefinition, b: StepDefinition): number {
  return a.order - b.order || a.id.localeCompare(b.id);
}
