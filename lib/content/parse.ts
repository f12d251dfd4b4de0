import path from "node:path";
import { UnprocessableError, type ErrorIssue } from "@/lib/errors";
import { readFrontmatter, type LineIssue } from "./frontmatter";
import {
  BLOCK_TYPES,
  closingMarker,
  factorFromListItem,
  isBlockType,
  isLineType,
  LINE_TYPES,
  looksLikeMarker,
  readMarker,
  type BlockType,
  type LineType,
} from "./markers";
import { canonicalizePortable, validatePortable, type PortableIncident } from "./portable";
import { titleFromEntryHeading } from "./render-lines";

/** Fields each marker's JSON may carry; titles and bodies come from the heading and the block. */
const MARKER_FIELDS: Record<"entry" | "lesson" | LineType, string[]> = {
  entry: ["key", "kind", "at", "author", "statusOverride", "statusReason"],
  lesson: ["slug", "tags"],
  link: ["from", "to", "type", "note"],
  action: ["key", "title", "type", "status", "owner", "dueDate", "externalLink"],
  attachment: ["filename", "mediaType", "caption", "entry", "sha256", "size"],
};

const SECTION_FIELDS: Partial<Record<BlockType, string>> = {
  summary: "summary",
  "summary-original": "summaryOriginal",
  impact: "impact",
  "root-cause": "rootCause",
};

/** What an item came from: the line of its marker, and of its heading when it has one. */
interface Located {
  fields: Record<string, unknown>;
  line: number;
  headingLine?: number;
}

interface Body {
  values: Record<string, unknown>;
  lists: Record<"entries" | "lessons" | "links" | "actionItems" | "attachments" | "contributingFactors", Located[]>;
  sectionLines: Map<string, number>;
  issues: LineIssue[];
}

const LIST_OF_LINE_TYPE: Record<LineType, "links" | "actionItems" | "attachments"> = {
  link: "links",
  action: "actionItems",
  attachment: "attachments",
};

/** Parsed file plus the line of every part, for callers that check more (attachment bytes, shared lessons). */
export interface ParsedIncidentFile {
  incident: PortableIncident;
  attachmentLines: Map<string, number>;
  lessonLines: Map<string, number>;
  /** Line of each member email in the frontmatter. */
  memberLines: Map<string, number>;
}

/**
 * Parses a content file into a canonical PortableIncident, or throws an UnprocessableError listing
 * every problem as `{ path: "file:line", message }`. `fileName` is shown in issues; its base name must
 * be `<slug>.md`.
 */
export function parseIncidentFile(text: string, fileName: string): PortableIncident {
  return parseIncidentFileDetailed(text, fileName).incident;
}

export function parseIncidentFileDetailed(text: string, fileName: string): ParsedIncidentFile {
  const lines = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
  const frontmatter = readFrontmatter(lines);
  const body = scanBody(lines, frontmatter.bodyStart);
  const issues: LineIssue[] = [...frontmatter.issues, ...body.issues];
  // Structure first: with broken YAML or a broken marker, field checks would mostly echo it.
  if (body.issues.length || !frontmatter.fields) throw contentError(fileName, issues);

  const raw: Record<string, unknown> = { ...frontmatter.fields, ...body.values };
  for (const [list, items] of Object.entries(body.lists)) raw[list] = items.map((item) => item.fields);
  raw.contributingFactors = body.lists.contributingFactors.map((item) => item.fields.text);

  const expectedSlug = path.basename(fileName).replace(/\.md$/i, "");
  if (typeof raw.slug === "string" && raw.slug.trim() !== expectedSlug) {
    issues.push({ line: frontmatter.lineOf.get("slug") ?? 1, message: `slug "${raw.slug}" does not match the file name (expected "${expectedSlug}")` });
  }

  const result = validatePortable(raw);
  if (!result.ok) {
    for (const issue of result.issues) {
      issues.push({ line: lineOfPath(issue.path, frontmatter.lineOf, body), message: `${describePath(issue.path, raw)}: ${issue.message}` });
    }
  }
  if (issues.length || !result.ok) throw contentError(fileName, issues);
  const incident = canonicalizePortable(result.value);
  const lineMap = (list: Located[], field: string) => new Map(list.map((item) => [String(item.fields[field]), item.line]));
  const memberLines = new Map<string, number>();
  const writtenMembers = frontmatter.fields.members;
  if (Array.isArray(writtenMembers)) writtenMembers.forEach((email, index) => memberLines.set(String(email).trim().toLowerCase(), frontmatter.lineOf.get(`members.${index}`) ?? frontmatter.lineOf.get("members") ?? 1));
  return { incident, attachmentLines: lineMap(body.lists.attachments, "filename"), lessonLines: lineMap(body.lists.lessons, "slug"), memberLines };
}

export function contentError(fileName: string, issues: LineIssue[]): UnprocessableError {
  const sorted: ErrorIssue[] = [...issues].sort((a, b) => a.line - b.line).map((issue) => ({ path: `${fileName}:${issue.line}`, message: issue.message }));
  const listing = sorted.map((issue) => `${issue.path}: ${issue.message}`).join("\n");
  return new UnprocessableError(`${fileName} has ${sorted.length} problem${sorted.length === 1 ? "" : "s"}:\n${listing}`, sorted);
}

function scanBody(lines: string[], start: number): Body {
  const body: Body = {
    values: {},
    lists: { entries: [], lessons: [], links: [], actionItems: [], attachments: [], contributingFactors: [] },
    sectionLines: new Map(),
    issues: [],
  };
  const issue = (index: number, message: string) => body.issues.push({ line: index + 1, message });
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    const marker = readMarker(line);
    if (!marker) {
      if (looksLikeMarker(line)) issue(i, "this casebook marker cannot be read (expected `<!-- casebook:type {json} -->` or `<!-- /casebook:type -->`)");
      continue;
    }
    if (marker.role === "close") {
      issue(i, `closing marker without an opening \`<!-- casebook:${marker.type} … -->\` before it`);
      continue;
    }
    if (isLineType(marker.type)) {
      const fields = readFields(marker.type, marker.json, i, issue);
      if (fields) body.lists[LIST_OF_LINE_TYPE[marker.type]].push({ fields, line: i + 1 });
      continue;
    }
    if (!isBlockType(marker.type)) {
      issue(i, `unknown casebook marker "${marker.type}" (known: ${[...BLOCK_TYPES, ...LINE_TYPES].join(", ")})`);
      continue;
    }
    if (marker.column > 0) {
      issue(i, `a casebook:${marker.type} marker must start its own line`);
      continue;
    }
    const closer = closingMarker(marker.type, marker.fence);
    const end = findBlockEnd(lines, i, marker.type, marker.fence);
    if (end.nested !== null) {
      issue(i, `this casebook:${marker.type} block is not closed before the next one opens on line ${end.nested + 1} (expected a line \`${closer}\`)`);
    }
    if (end.close === null) {
      if (end.nested === null) issue(i, `this casebook:${marker.type} block is never closed (expected a line \`${closer}\`)`);
      break;
    }
    readBlock(marker.type, marker.json, lines.slice(i + 1, end.close).join("\n"), lines, i, body, issue);
    i = end.close;
  }
  return body;
}

/** Index of the block's closer, and of a same-type opener met before it (which means a closer is missing). */
function findBlockEnd(lines: string[], opener: number, type: BlockType, fence: string): { close: number | null; nested: number | null } {
  const closer = closingMarker(type, fence);
  for (let j = opener + 1; j < lines.length; j++) {
    if (lines[j] === closer) return { close: j, nested: null };
    const inner = readMarker(lines[j]);
    if (inner?.role === "open" && inner.column === 0 && inner.type === type && inner.fence === fence) return { close: null, nested: j };
  }
  return { close: null, nested: null };
}

function readBlock(
  type: BlockType,
  json: string | undefined,
  text: string,
  lines: string[],
  index: number,
  body: Body,
  issue: (index: number, message: string) => void,
) {
  const section = SECTION_FIELDS[type];
  if (section || type === "factor") {
    if (json !== undefined) issue(index, `a casebook:${type} marker carries no JSON`);
    if (type === "factor") {
      body.lists.contributingFactors.push({ fields: { text: factorFromListItem(text) }, line: index + 1 });
    } else if (body.sectionLines.has(section!)) {
      issue(index, `a second casebook:${type} block (the first is on line ${body.sectionLines.get(section!)})`);
    } else {
      body.values[section!] = text;
      body.sectionLines.set(section!, index + 1);
    }
    return;
  }
  const kind = type as "entry" | "lesson";
  const fields = readFields(kind, json, index, issue);
  const heading = kind === "entry" ? /^#### (.*)$/.exec(lines[index - 1] ?? "") : /^### (.*)$/.exec(lines[index - 1] ?? "");
  if (!heading) {
    const expected = kind === "entry" ? "`#### HH:MM · _Kind_ · Title`" : "`### Title`";
    issue(index, `a casebook:${kind} marker must come right after its heading line ${expected}`);
  }
  if (!fields) return;
  const title = heading ? (kind === "entry" ? titleFromEntryHeading(heading[1]) : heading[1]) : "";
  const list = kind === "entry" ? body.lists.entries : body.lists.lessons;
  list.push({ fields: { ...fields, title, body: text }, line: index + 1, headingLine: heading ? index : index + 1 });
}

function readFields(
  type: "entry" | "lesson" | LineType,
  json: string | undefined,
  index: number,
  issue: (index: number, message: string) => void,
): Record<string, unknown> | null {
  if (json === undefined) {
    issue(index, `a casebook:${type} marker needs its JSON fields (${MARKER_FIELDS[type].join(", ")})`);
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    issue(index, `the JSON in this casebook:${type} marker is invalid: ${(error as Error).message}`);
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issue(index, `the JSON in this casebook:${type} marker must be an object`);
    return null;
  }
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !MARKER_FIELDS[type].includes(key));
  if (unknown.length) {
    issue(index, `unknown field${unknown.length > 1 ? "s" : ""} ${unknown.map((key) => `"${key}"`).join(", ")} in a casebook:${type} marker (allowed: ${MARKER_FIELDS[type].join(", ")})`);
    return null;
  }
  return fields;
}

/** The file line a validation issue belongs to: its marker, its heading, or its frontmatter key. */
function lineOfPath(issuePath: (string | number)[], frontmatterLines: Map<string, number>, body: Body): number {
  const [head, index, field] = issuePath;
  if (typeof head === "string" && head in body.lists && typeof index === "number") {
    const item = body.lists[head as keyof Body["lists"]][index];
    if (item) return field === "title" && item.headingLine ? item.headingLine : item.line;
  }
  for (let length = issuePath.length; length > 0; length--) {
    const key = issuePath.slice(0, length).join(".");
    const line = frontmatterLines.get(key) ?? body.sectionLines.get(key);
    if (line !== undefined) return line;
  }
  return 1;
}

/** Names the item an issue is about the way a reader finds it in the file: `entry "alert"`, `link a supports b`. */
function describePath(issuePath: (string | number)[], raw: Record<string, unknown>): string {
  const [head, index, ...rest] = issuePath;
  const list = typeof head === "string" ? raw[head] : undefined;
  const item = Array.isArray(list) && typeof index === "number" ? (list[index] as Record<string, unknown> | undefined) : undefined;
  const name = (field: string) => (typeof item?.[field] === "string" && item[field] ? `"${item[field] as string}"` : `#${(index as number) + 1}`);
  let label: string | null = null;
  if (item) {
    if (head === "entries") label = `entry ${name("key")}`;
    else if (head === "lessons") label = `lesson ${name("slug")}`;
    else if (head === "actionItems") label = `action item ${name("key")}`;
    else if (head === "attachments") label = `attachment ${name("filename")}`;
    else if (head === "contributingFactors") label = `contributing factor #${(index as number) + 1}`;
    else if (head === "links") label = `link ${String(item.from)} ${String(item.type)} ${String(item.to)}`;
  }
  if (label === null) return issuePath.join(".") || "incident";
  return rest.length ? `${label} ${rest.join(".")}` : label;
}
