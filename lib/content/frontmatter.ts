import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node } from "yaml";
import type { PortableIncident } from "./portable";

/** Frontmatter keys in the order they are written. Everything else lives in the Markdown body. */
export const FRONTMATTER_KEYS = [
  "slug",
  "title",
  "titleOriginal",
  "originalLanguage",
  "status",
  "severity",
  "services",
  "tags",
  "timezone",
  "startedAt",
  "detectedAt",
  "resolvedAt",
  "facts",
  "restricted",
  "members",
] as const;
/** Written only for a restricted incident, so other files (and their round trip) stay as they were. */
const RESTRICTION_KEYS = new Set<string>(["restricted", "members"]);
type FrontmatterKey = (typeof FRONTMATTER_KEYS)[number];

/** Fields people might try to put in the frontmatter, and where they go instead. */
const BODY_FIELDS: Record<string, string> = {
  summary: "the casebook:summary block",
  summaryOriginal: "the casebook:summary-original block",
  impact: "the casebook:impact block",
  rootCause: "the casebook:root-cause block",
  contributingFactors: "casebook:factor blocks",
  entries: "casebook:entry blocks under Timeline",
  links: "casebook:link markers",
  actionItems: "casebook:action markers",
  lessons: "casebook:lesson blocks",
  attachments: "casebook:attachment markers",
};

// Deterministic output: no line folding (a changed word must not rewrap a paragraph), no anchors.
const STRINGIFY_OPTIONS = { lineWidth: 0, minContentWidth: 0, indent: 2, indentSeq: true, aliasDuplicateObjects: false } as const;

export function renderFrontmatter(incident: PortableIncident): string {
  const fields: Record<string, unknown> = {};
  for (const key of FRONTMATTER_KEYS) if (incident.restricted || !RESTRICTION_KEYS.has(key)) fields[key] = incident[key];
  return `---\n${stringify(fields, STRINGIFY_OPTIONS)}---`;
}

export interface LineIssue {
  line: number;
  message: string;
}

export interface Frontmatter {
  /** Known keys as read; null when the YAML could not be used at all. */
  fields: Partial<Record<FrontmatterKey, unknown>> | null;
  /** Index of the first line after the closing `---`. */
  bodyStart: number;
  /** File line of each key (`title`, `facts.keyCount`, `tags.2`). */
  lineOf: Map<string, number>;
  issues: LineIssue[];
}

/** Reads the `---` … `---` block at the top of the file (lines are 0-based here, reported 1-based). */
export function readFrontmatter(lines: string[]): Frontmatter {
  const lineOf = new Map<string, number>();
  if (lines[0] !== "---") {
    return { fields: null, bodyStart: 0, lineOf, issues: [{ line: 1, message: "a content file starts with YAML frontmatter: a line `---`, the fields, and another `---`" }] };
  }
  const end = lines.indexOf("---", 1);
  if (end < 0) {
    return { fields: null, bodyStart: lines.length, lineOf, issues: [{ line: 1, message: "the frontmatter is never closed (no second `---` line)" }] };
  }
  const counter = new LineCounter();
  // Line 1 of the YAML text is line 2 of the file.
  const fileLine = (offset: number) => counter.linePos(offset).line + 1;
  const doc = parseDocument(lines.slice(1, end).join("\n"), { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  // One error per line: a YAML mistake tends to cascade into several messages about the same spot.
  const issues: LineIssue[] = [];
  for (const error of doc.errors) {
    const line = fileLine(error.pos[0]);
    if (issues.some((issue) => issue.line === line)) continue;
    issues.push({ line, message: `invalid YAML: ${error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}` });
  }
  if (issues.length) return { fields: null, bodyStart: end + 1, lineOf, issues };
  if (!isMap(doc.contents)) {
    return { fields: null, bodyStart: end + 1, lineOf, issues: [{ line: 2, message: "the frontmatter must be a YAML mapping of field names to values" }] };
  }

  const known = new Set<string>(FRONTMATTER_KEYS);
  const data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  const fields: Partial<Record<FrontmatterKey, unknown>> = {};
  for (const pair of doc.contents.items) {
    const keyNode = pair.key as Node | null;
    const line = keyNode?.range ? fileLine(keyNode.range[0]) : 2;
    const key = isScalar(keyNode) ? String(keyNode.value) : null;
    if (key === null || !known.has(key)) {
      const where = key !== null ? BODY_FIELDS[key] : undefined;
      issues.push({ line, message: where ? `"${key}" is written in the body (${where}), not in the frontmatter` : `unknown frontmatter field "${key ?? "?"}" (known: ${FRONTMATTER_KEYS.join(", ")})` });
      continue;
    }
    lineOf.set(key, line);
    const value = pair.value as Node | null;
    if (isMap(value) || isSeq(value)) {
      value.items.forEach((item, index) => {
        const node = (isMap(value) ? (item as { key: Node | null }).key : item) as Node | null;
        if (!node?.range) return;
        const name = isMap(value) && isScalar(node) ? String(node.value) : String(index);
        lineOf.set(`${key}.${name}`, fileLine(node.range[0]));
      });
    }
    fields[key as FrontmatterKey] = data[key];
  }
  return { fields, bodyStart: end + 1, lineOf, issues };
}
