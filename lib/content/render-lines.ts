import { ENTRY_KIND_LABELS, INLINE_IMAGE_TYPES, localDateKey, localTimeLabel, type HypothesisAssessment } from "@/lib/domain";
import { openingMarker } from "./markers";
import type { PortableActionItem, PortableAttachment, PortableEntry, PortableIncident, PortableLink } from "./portable";

/**
 * Generated lines: the visible halves of one-line markers and the summary table. None of this text is
 * read back (the marker JSON is), so it is escaped for display only. Also the entry heading format,
 * whose title part is read back.
 */

// `<` becomes an entity, not `\<`: generated text must never contain `<!--`, or the parser would take
// it for a marker.
const escapePlain = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/[\\`*_[\]>|~#]/g, (char) => `\\${char}`);

/**
 * One line of inline Markdown showing `text` literally — no emphasis, links, HTML or table-cell
 * breaks — except that `code spans` stay code spans (their content is literal anyway; only `|` needs
 * escaping there, for tables).
 */
export function inlineText(text: string): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, " ");
  let out = "";
  let last = 0;
  // A code span holding comment syntax could hide or fake a marker, so that one is escaped instead.
  for (const match of flat.matchAll(/`[^`]+`/g)) {
    if (/<!--|-->/.test(match[0])) continue;
    out += escapePlain(flat.slice(last, match.index)) + match[0].replace(/\|/g, "\\|");
    last = match.index + match[0].length;
  }
  return out + escapePlain(flat.slice(last));
}

export function localStamp(iso: string, timeZone: string): string {
  return `${localDateKey(iso, timeZone)} ${localTimeLabel(iso, timeZone)}`;
}

/** `16:30 · _Observation_ · Title`: the heading text of an entry. The labels before the title are generated. */
export function entryHeading(entry: PortableEntry, timeZone: string): string {
  return `#### ${localTimeLabel(entry.at, timeZone)} · _${ENTRY_KIND_LABELS[entry.kind]}_ · ${entry.title}`;
}

/** Reads the title back out of an entry heading's text (after `#### `), dropping the generated labels. */
export function titleFromEntryHeading(text: string): string {
  const afterTime = text.replace(/^\d{1,2}:\d{2} · /, "");
  if (afterTime === text) return text;
  const kindLabels = Object.values(ENTRY_KIND_LABELS).join("|");
  return afterTime.replace(new RegExp(`^_(?:${kindLabels})_ · `), "");
}

export function linkLine(link: PortableLink, titleOf: (key: string) => string): string {
  const note = link.note ? ` — ${inlineText(link.note)}` : "";
  const fields: Record<string, unknown> = { from: link.from, to: link.to, type: link.type };
  if (link.note) fields.note = link.note;
  return `- _${inlineText(titleOf(link.from))}_ **${link.type}** _${inlineText(titleOf(link.to))}_${note} ${openingMarker("link", fields)}`;
}

const SAFE_URL = /^https?:\/\/[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+$/;

export function actionLine(item: PortableActionItem): string {
  const details: string[] = [item.type, item.status];
  if (item.owner) details.push(`owner: ${inlineText(item.owner)}`);
  if (item.dueDate) details.push(`due ${item.dueDate}`);
  if (item.externalLink) details.push(SAFE_URL.test(item.externalLink) ? item.externalLink : inlineText(item.externalLink));
  const fields: Record<string, unknown> = { key: item.key, title: item.title, type: item.type, status: item.status };
  if (item.owner) fields.owner = item.owner;
  if (item.dueDate) fields.dueDate = item.dueDate;
  if (item.externalLink) fields.externalLink = item.externalLink;
  const box = item.status === "done" ? "[x]" : "[ ]";
  return `- ${box} ${inlineText(item.title)} — ${details.join(", ")} ${openingMarker("action", fields)}`;
}

/** Where an attachment's bytes live, relative to the .md file. */
export function attachmentHref(slug: string, filename: string): string {
  return `${slug}.files/${encodeURIComponent(filename).replace(/\(/g, "%28").replace(/\)/g, "%29")}`;
}

export function attachmentLine(slug: string, attachment: PortableAttachment, titleOf: (key: string) => string): string {
  const href = attachmentHref(slug, attachment.filename);
  const isImage = (INLINE_IMAGE_TYPES as readonly string[]).includes(attachment.mediaType);
  const name = inlineText(attachment.filename);
  const shown = isImage ? `![${inlineText(attachment.caption || attachment.filename)}](${href}) ${name}` : `[${name}](${href})`;
  const caption = attachment.caption && !isImage ? ` — ${inlineText(attachment.caption)}` : "";
  const entry = attachment.entry ? ` (entry: _${inlineText(titleOf(attachment.entry))}_)` : "";
  const fields: Record<string, unknown> = { filename: attachment.filename, mediaType: attachment.mediaType };
  if (attachment.caption) fields.caption = attachment.caption;
  if (attachment.entry) fields.entry = attachment.entry;
  fields.sha256 = attachment.sha256;
  fields.size = attachment.size;
  return `- ${shown}${caption}${entry}, ${attachment.size} bytes ${openingMarker("attachment", fields)}`;
}

/** The hypotheses summary: one row per hypothesis in timeline order. */
export function hypothesisTable(incident: PortableIncident, assessments: Map<string, HypothesisAssessment>): string {
  const rows = incident.entries
    .filter((entry) => entry.kind === "hypothesis")
    .map((entry) => {
      const assessment = assessments.get(entry.key);
      const status = assessment ? `**${assessment.status}**${assessment.overridden ? " (set by hand)" : ""}` : "";
      return `| ${localStamp(entry.at, incident.timezone)} | ${inlineText(entry.title)} | ${status} | ${inlineText(assessment?.reason ?? "")} |`;
    });
  return ["| Raised | Hypothesis | Status | Why |", "|---|---|---|---|", ...rows].join("\n");
}
