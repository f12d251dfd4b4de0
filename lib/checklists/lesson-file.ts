/**
 * `content/lessons/<slug>.md`: one lesson of the library with the checklist items derived from it.
 *
 *   ---
 *   # (a generated comment)
 *   slug, title, tags        the lesson itself — the same as its copy in each incident file
 *   incidents                the incidents it was learnt from (checked against the incident files)
 *   items                    checklist items: id, severity, question, why, appliesTo
 *   ---
 *
 *   The lesson's Markdown text, verbatim.
 *
 * Rendering is canonical (fixed key order, empty rules left out, LF, one blank line before the body
 * and one newline after it), so export → import → export gives the same bytes.
 */
import path from "node:path";
import { stringify } from "yaml";
import type { z } from "zod";
import type { LineIssue } from "../content/frontmatter";
import { parseYamlWithLines, splitFrontmatter } from "../content/yaml-lines";
import { UnprocessableError, type ErrorIssue } from "../errors";
import { lessonFileFieldsSchema, portableLessonEntrySchema, type PortableLessonEntry, type PortableLessonEntryInput } from "./schema";

export const LESSON_FILE_NOTE =
  "# Casebook lesson file: the lesson (shared with the incident files that carry it), the incidents it was learnt from, and its review checklist items. The text below the frontmatter is the lesson's body.";

// Deterministic output: no line folding (a changed word must not rewrap a paragraph), no anchors.
const STRINGIFY_OPTIONS = { lineWidth: 0, minContentWidth: 0, indent: 2, indentSeq: true, aliasDuplicateObjects: false } as const;

/** Validates and puts a lesson into its one canonical shape (LF line breaks; incidents by slug). */
export function canonicalLessonEntry(input: PortableLessonEntry | PortableLessonEntryInput, what = "lesson"): PortableLessonEntry {
  const result = portableLessonEntrySchema.safeParse(input);
  if (!result.success) {
    const issues: ErrorIssue[] = result.error.issues.map((issue) => ({ path: issue.path.join(".") || what, message: issue.message }));
    throw new UnprocessableError(`${what} is not valid: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}`, issues);
  }
  const lesson = result.data;
  return {
    ...lesson,
    body: lesson.body.replace(/\r\n?/g, "\n"),
    incidents: [...lesson.incidents].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

export function renderLessonFile(input: PortableLessonEntry | PortableLessonEntryInput): string {
  const lesson = canonicalLessonEntry(input, `lesson "${String((input as { slug?: unknown }).slug ?? "?")}"`);
  const items = lesson.items.map((item) => {
    const rules = Object.fromEntries(Object.entries(item.appliesTo).filter(([, values]) => values.length > 0));
    return {
      id: item.id,
      severity: item.severity,
      question: item.question,
      why: item.why,
      ...(Object.keys(rules).length ? { appliesTo: rules } : {}),
    };
  });
  const fields = { slug: lesson.slug, title: lesson.title, tags: lesson.tags, incidents: lesson.incidents, items };
  const frontmatter = `---\n${LESSON_FILE_NOTE}\n${stringify(fields, STRINGIFY_OPTIONS)}---\n`;
  return lesson.body === "" ? frontmatter : `${frontmatter}\n${lesson.body}\n`;
}

/** A parsed lesson file with the line of each part, for the checks that span files. */
export interface ParsedLessonFile {
  lesson: PortableLessonEntry;
  /** File line of a frontmatter path such as ["items", 2, "id"] (the deepest part that exists). */
  lineOf(path: readonly PropertyKey[]): number;
  /** File line where the body text starts. */
  bodyLine: number;
  /** File line of each slug under `incidents` (the lesson lists them sorted, not as written). */
  incidentLines: Map<string, number>;
}

/**
 * Parses a lesson file, or throws an UnprocessableError whose issues are `{path: "file:line",
 * message}`. The file's base name must be `<slug>.md`.
 */
export function parseLessonFile(text: string, fileName: string): ParsedLessonFile {
  const split = splitFrontmatter(text);
  if ("message" in split) throw lessonFileError(fileName, [split]);
  const yaml = parseYamlWithLines(split.yaml, split.yamlLine);
  if (yaml.issues.length) throw lessonFileError(fileName, yaml.issues);
  if (typeof yaml.data !== "object" || yaml.data === null || Array.isArray(yaml.data)) {
    throw lessonFileError(fileName, [{ line: split.yamlLine, message: "the frontmatter must be a YAML mapping of field names to values" }]);
  }
  const issues: LineIssue[] = [];
  const result = lessonFileFieldsSchema.safeParse(yaml.data, { error: (issue) => (issue.code === "invalid_type" && issue.input === undefined ? "is required" : undefined) });
  if (!result.success) issues.push(...zodLineIssues(result.error, yaml.lineOf).map((issue) => explainMissingLesson(issue, yaml.data as Record<string, unknown>)));
  const expectedSlug = path.basename(fileName).replace(/\.md$/i, "");
  const slug = (yaml.data as Record<string, unknown>).slug;
  if (typeof slug === "string" && slug.trim() !== expectedSlug) {
    issues.push({ line: yaml.lineOf(["slug"]), message: `slug "${slug}" does not match the file name (expected "${expectedSlug}")` });
  }
  if (issues.length || !result.success) throw lessonFileError(fileName, issues);
  const body = split.body.replace(/^\n/, "").replace(/\n$/, "");
  const bodyLine = split.body.startsWith("\n") ? split.bodyLine + 1 : split.bodyLine;
  const written = (yaml.data as { incidents?: unknown }).incidents;
  const incidentLines = new Map<string, number>();
  if (Array.isArray(written)) written.forEach((slug, index) => incidentLines.set(String(slug).trim(), yaml.lineOf(["incidents", index])));
  return { lesson: canonicalLessonEntry({ ...result.data, body }, fileName), lineOf: yaml.lineOf, bodyLine, incidentLines };
}

/** Items written without a lesson (no title): say that items only exist as part of their lesson. */
function explainMissingLesson(issue: LineIssue, data: Record<string, unknown>): LineIssue {
  if (issue.message !== "title: is required" || !Array.isArray(data.items) || data.items.length === 0) return issue;
  return { ...issue, message: "title: is required — checklist items belong to the lesson they came from, so this file needs the lesson's title (and its text below the frontmatter)" };
}

function zodLineIssues(error: z.ZodError, lineOf: (path: readonly PropertyKey[]) => number): LineIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ line: lineOf([...issue.path, key]), message: `${[...issue.path, key].map(String).join(".")}: is not a known field` }));
    }
    const where = issue.path.map(String).join(".");
    return [{ line: lineOf(issue.path), message: where ? `${where}: ${issue.message}` : issue.message }];
  });
}

export function lessonFileError(fileName: string, issues: LineIssue[]): UnprocessableError {
  const sorted: ErrorIssue[] = [...issues].sort((a, b) => a.line - b.line).map((issue) => ({ path: `${fileName}:${issue.line}`, message: issue.message }));
  const listing = sorted.map((issue) => `${issue.path}: ${issue.message}`).join("\n");
  return new UnprocessableError(`${fileName} has ${sorted.length} problem${sorted.length === 1 ? "" : "s"}:\n${listing}`, sorted);
}
