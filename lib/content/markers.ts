/**
 * Marker syntax of content files. Parsed content sits in HTML comments, which GitHub and GitLab hide:
 *
 *   <!-- casebook:entry {"key":"k","kind":"observation","at":"…"} -->   opens a block (own line)
 *   …Markdown body, taken verbatim…
 *   <!-- /casebook:entry -->                                           closes it
 *
 *   - visible text <!-- casebook:link {"from":"a","to":"b","type":"supports"} -->   one-line marker
 *
 * A body is every line between its opener and the first line equal to its closer — nothing inside is
 * interpreted, so headings, lists and code fences in bodies cannot confuse the parser. When a body
 * itself contains that closer line (say, in a code sample about this format), the renderer numbers the
 * pair: `<!-- casebook:entry:2 … -->` … `<!-- /casebook:entry:2 -->`.
 */

export const BLOCK_TYPES = ["summary", "summary-original", "impact", "root-cause", "factor", "entry", "lesson"] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];
export const LINE_TYPES = ["link", "action", "attachment"] as const;
export type LineType = (typeof LINE_TYPES)[number];
export type MarkerType = BlockType | LineType;

export const isBlockType = (type: string): type is BlockType => (BLOCK_TYPES as readonly string[]).includes(type);
export const isLineType = (type: string): type is LineType => (LINE_TYPES as readonly string[]).includes(type);

const OPEN_PREFIX = "<!-- casebook:";
const CLOSE_PREFIX = "<!-- /casebook:";
const OPENER = /^<!-- casebook:([a-z][a-z-]*)(?::(\d+))?(?: (.*?))? -->$/;
const CLOSER = /^<!-- \/casebook:([a-z][a-z-]*)(?::(\d+))? -->$/;

/**
 * JSON for a marker. `<` and `>` are written as \u003c / \u003e (still valid JSON) so user text can
 * neither end the HTML comment early (`-->`) nor look like another marker.
 */
export function markerJson(fields: Record<string, unknown>): string {
  return JSON.stringify(fields).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
}

export function openingMarker(type: MarkerType, fields?: Record<string, unknown>, fence = ""): string {
  const suffix = fence ? `:${fence}` : "";
  return fields ? `${OPEN_PREFIX}${type}${suffix} ${markerJson(fields)} -->` : `${OPEN_PREFIX}${type}${suffix} -->`;
}

export function closingMarker(type: BlockType, fence = ""): string {
  return `${CLOSE_PREFIX}${type}${fence ? `:${fence}` : ""} -->`;
}

/** Lines that would end or nest a block of this type with this fence: the body must contain none. */
function clashes(type: BlockType, fence: string, line: string): boolean {
  if (line === closingMarker(type, fence)) return true;
  const marker = readMarker(line);
  return marker !== null && marker.role === "open" && marker.column === 0 && marker.type === type && marker.fence === fence;
}

/** The first fence ("" then "2", "3", …) whose markers do not occur in the body. */
export function fenceFor(type: BlockType, bodyLines: string[]): string {
  for (let n = 1; ; n++) {
    const fence = n === 1 ? "" : String(n);
    if (!bodyLines.some((line) => clashes(type, fence, line))) return fence;
  }
}

export function splitBody(body: string): string[] {
  return body === "" ? [] : body.split("\n");
}

/** Opener, verbatim body lines, closer. */
export function renderBlock(type: BlockType, body: string, fields?: Record<string, unknown>): string {
  const lines = splitBody(body);
  const fence = fenceFor(type, lines);
  return [openingMarker(type, fields, fence), ...lines, closingMarker(type, fence)].join("\n");
}

export type Marker =
  | { role: "open"; type: string; fence: string; json: string | undefined; column: number }
  | { role: "close"; type: string; fence: string; column: 0 };

/**
 * Reads a marker from a line: a whole-line opener or closer, or a one-line marker ending the line
 * (`- text <!-- casebook:link {…} -->`). Returns null when the line holds none.
 */
export function readMarker(line: string): Marker | null {
  const closer = CLOSER.exec(line);
  if (closer) return { role: "close", type: closer[1], fence: closer[2] ?? "", column: 0 };
  const column = line.lastIndexOf(OPEN_PREFIX);
  if (column < 0) return null;
  const opener = OPENER.exec(line.slice(column));
  if (!opener) return null;
  return { role: "open", type: opener[1], fence: opener[2] ?? "", json: opener[3], column };
}

/** True when a line mentions the marker syntax — used to report markers that do not parse. */
export function looksLikeMarker(line: string): boolean {
  return line.includes(OPEN_PREFIX) || line.includes(CLOSE_PREFIX);
}

/**
 * A contributing factor shown as a list item: "- " before the first line, two spaces before the other
 * non-empty lines. factorFromListItem undoes exactly this.
 */
export function factorAsListItem(factor: string): string {
  return splitBody(factor)
    .map((line, index) => (index === 0 ? `- ${line}` : line === "" ? "" : `  ${line}`))
    .join("\n");
}

export function factorFromListItem(body: string): string {
  const lines = splitBody(body);
  if (!lines[0]?.startsWith("- ")) return body;
  return lines.map((line, index) => (index === 0 ? line.slice(2) : line.startsWith("  ") ? line.slice(2) : line)).join("\n");
}
