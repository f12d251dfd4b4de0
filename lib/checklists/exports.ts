/**
 * Checklist exports that teams commit to their repositories: a GitHub pull-request template, a GitLab
 * merge-request template, plain Markdown, JSON and CSV. Every item keeps its thread back: a link to
 * its lesson (anchored at the item) and the incidents that taught it. Output is deterministic (no
 * dates), so re-exporting an unchanged checklist gives an unchanged file in the team's repository.
 */
import { z } from "zod";
import { inlineText } from "../content/render-lines";
import type { IncidentRef, LibraryItem } from "./library";
import type { AppliesTo } from "./schema";
import { SEVERITIES } from "./vocabulary";

export const EXPORT_FORMATS = ["github", "gitlab", "md", "json", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  github: "GitHub PR template",
  gitlab: "GitLab MR template",
  md: "Markdown",
  json: "JSON",
  csv: "CSV",
};

export interface ChecklistDocument {
  /** Human title, e.g. the saved checklist's title or "Review checklist". */
  title: string;
  /** File-name stem: the checklist's name, or "review-checklist". */
  name: string;
  /** What was selected, for the header: `checklist "memory-review"` or `tags memory`. */
  source: string;
  items: LibraryItem[];
}

export interface ExportOptions {
  /** Origin of the Casebook that links point to, e.g. https://casebook.example.com; "" gives site-relative links. */
  baseUrl: string;
}

export interface RenderedExport {
  body: string;
  contentType: string;
  /** Download name. */
  filename: string;
  /** Where the file goes in a repository. */
  suggestedPath: string;
}

export const lessonUrl = (options: ExportOptions, slug: string, code?: string) => `${options.baseUrl}/lessons/${slug}${code ? `#${code}` : ""}`;
export const incidentUrl = (options: ExportOptions, slug: string) => `${options.baseUrl}/incidents/${slug}`;

/** The JSON export's shape (`schema: "casebook-checklist/v1"`), published so consumers can validate it. */
export const checklistExportJsonSchema = z
  .object({
    schema: z.literal("casebook-checklist/v1"),
    title: z.string(),
    name: z.string(),
    source: z.string(),
    items: z.array(
      z
        .object({
          id: z.string(),
          severity: z.enum(SEVERITIES),
          question: z.string(),
          why: z.string(),
          appliesTo: z.object({ languages: z.array(z.string()), paths: z.array(z.string()), patterns: z.array(z.string()) }).strict(),
          lesson: z.object({ slug: z.string(), title: z.string(), url: z.string() }).strict(),
          incidents: z.array(z.object({ slug: z.string(), title: z.string(), url: z.string() }).strict()),
        })
        .strict(),
    ),
  })
  .strict();
export type ChecklistExportJson = z.infer<typeof checklistExportJsonSchema>;

const HEADER_NOTE = "Exported from Casebook. Each item links to the lesson that explains it; change the checklist in Casebook and export again rather than editing it here.";

/** One task-list line: `- [ ] **ID** Question (severity) — [lesson](url#ID)`. */
export function taskLine(item: LibraryItem, options: ExportOptions): string {
  return `- [ ] **${item.code}** ${inlineText(item.question)} _(${item.severity})_ — [${inlineText(item.lesson.title)}](${lessonUrl(options, item.lesson.slug, item.code)})`;
}

function templateMarkdown(doc: ChecklistDocument, options: ExportOptions, where: string): string {
  const lines = [
    `<!-- ${commentSafe(`${doc.title} (${doc.source}), ${where}. ${HEADER_NOTE}`)} -->`,
    "",
    `## ${inlineText(doc.title)}`,
    "",
    "Tick each item you checked for this change; the link says which incident taught it.",
    "",
    ...doc.items.map((item) => taskLine(item, options)),
  ];
  return `${lines.join("\n")}\n`;
}

/** Text inside an HTML comment must not close it early. */
const commentSafe = (text: string) => text.replace(/--+>?/g, "–").replace(/[\r\n]+/g, " ");

function rulesText(rules: AppliesTo): string {
  const parts: string[] = [];
  if (rules.languages.length) parts.push(`languages ${rules.languages.join(", ")}`);
  if (rules.paths.length) parts.push(`files ${rules.paths.map(code).join(", ")}`);
  if (rules.patterns.length) parts.push(`code matching ${rules.patterns.map(code).join(", ")}`);
  return parts.length ? parts.join("; ") : "every change";
}

/** A code span that holds any text: the fence is longer than any run of backticks inside. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/[\r\n]+/g, " ")}${pad}${fence}`;
}

const incidentLinks = (incidents: IncidentRef[], options: ExportOptions) =>
  incidents.length ? incidents.map((incident) => `[${inlineText(incident.title)}](${incidentUrl(options, incident.slug)})`).join(", ") : "_no incident recorded_";

function plainMarkdown(doc: ChecklistDocument, options: ExportOptions): string {
  const out = [`# ${inlineText(doc.title)}`, "", `${doc.items.length} review checklist item${doc.items.length === 1 ? "" : "s"} (${inlineText(doc.source)}). ${HEADER_NOTE}`, ""];
  for (const item of doc.items) {
    out.push(`## ${item.code} · ${item.severity}`, "", `- [ ] ${inlineText(item.question)}`, "");
    out.push(`**Why:** ${item.why.trim()}`, "");
    out.push(`**Applies to:** ${rulesText(item.appliesTo)}`, "");
    out.push(`**Lesson:** [${inlineText(item.lesson.title)}](${lessonUrl(options, item.lesson.slug, item.code)}) · **learnt from:** ${incidentLinks(item.incidents, options)}`, "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

export function checklistJson(doc: ChecklistDocument, options: ExportOptions): ChecklistExportJson {
  return {
    schema: "casebook-checklist/v1",
    title: doc.title,
    name: doc.name,
    source: doc.source,
    items: doc.items.map((item) => ({
      id: item.code,
      severity: item.severity,
      question: item.question,
      why: item.why,
      appliesTo: { languages: [...item.appliesTo.languages], paths: [...item.appliesTo.paths], patterns: [...item.appliesTo.patterns] },
      lesson: { slug: item.lesson.slug, title: item.lesson.title, url: lessonUrl(options, item.lesson.slug, item.code) },
      incidents: item.incidents.map((incident) => ({ slug: incident.slug, title: incident.title, url: incidentUrl(options, incident.slug) })),
    })),
  };
}

export const CSV_COLUMNS = ["id", "severity", "question", "why", "lesson", "lesson_url", "incidents", "languages", "paths", "patterns"] as const;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled). A leading
 * `= + - @` (or tab/CR) gets a `'` first, so spreadsheets show the text instead of running a formula.
 */
export function csvField(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** CSV with a header row, CRLF rows and a UTF-8 byte-order mark (spreadsheets then read Chinese text correctly). */
function csv(doc: ChecklistDocument, options: ExportOptions): string {
  const rows = doc.items.map((item) => [
    item.code,
    item.severity,
    item.question,
    item.why,
    item.lesson.title,
    lessonUrl(options, item.lesson.slug, item.code),
    item.incidents.map((incident) => incident.title).join("\n"),
    item.appliesTo.languages.join("\n"),
    item.appliesTo.paths.join("\n"),
    item.appliesTo.patterns.join("\n"),
  ]);
  return `\uFEFF${[[...CSV_COLUMNS], ...rows].map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

export function renderChecklistExport(doc: ChecklistDocument, format: ExportFormat, options: ExportOptions): RenderedExport {
  switch (format) {
    case "github":
      return {
        body: templateMarkdown(doc, options, "GitHub pull-request template"),
        contentType: "text/markdown; charset=utf-8",
        filename: "pull_request_template.md",
        suggestedPath: ".github/pull_request_template.md",
      };
    case "gitlab":
      return {
        body: templateMarkdown(doc, options, "GitLab merge-request template"),
        contentType: "text/markdown; charset=utf-8",
        filename: `${doc.name}.md`,
        suggestedPath: `.gitlab/merge_request_templates/${doc.name}.md`,
      };
    case "md":
      return { body: plainMarkdown(doc, options), contentType: "text/markdown; charset=utf-8", filename: `${doc.name}.md`, suggestedPath: `docs/${doc.name}.md` };
    case "json":
      return { body: `${JSON.stringify(checklistJson(doc, options), null, 2)}\n`, contentType: "application/json; charset=utf-8", filename: `${doc.name}.json`, suggestedPath: `${doc.name}.json` };
    case "csv":
      return { body: csv(doc, options), contentType: "text/csv; charset=utf-8; header=present", filename: `${doc.name}.csv`, suggestedPath: `${doc.name}.csv` };
  }
}
