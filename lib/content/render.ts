import { groupByDay, INCIDENT_STATUS_LABELS } from "@/lib/domain";
import { hypothesisGraphMermaid } from "@/lib/diagrams/hypothesis-graph";
import { assessSource, diagramSource } from "@/lib/diagrams/source";
import { timelineMermaid } from "@/lib/diagrams/timeline";
import { renderFrontmatter } from "./frontmatter";
import { factorAsListItem, renderBlock } from "./markers";
import { portableIncident, type PortableEntry, type PortableIncident, type PortableIncidentInput } from "./portable";
import {
  actionLine,
  attachmentLine,
  entryHeading,
  hypothesisTable,
  inlineText,
  linkLine,
  localStamp,
} from "./render-lines";

export const FILE_NOTE =
  "<!-- Casebook content file. Edit the frontmatter, the text between casebook markers, entry and lesson headings, and the JSON inside markers; everything else is regenerated on export. -->";

/**
 * Renders the content file of an incident: YAML frontmatter, then a Markdown body in which every
 * parsed part sits between casebook markers and everything else (headings of sections and days,
 * diagrams, tables, the visible text of one-line markers) is generated. Validates and canonicalises
 * first, so the output is the same for any input that means the same incident. LF line endings, one
 * trailing newline.
 */
export function renderIncidentFile(input: PortableIncident | PortableIncidentInput): string {
  const incident = portableIncident(input, `incident "${(input as { slug?: unknown }).slug ?? "?"}"`);
  const zone = incident.timezone;
  const titles = new Map(incident.entries.map((entry) => [entry.key, entry.title]));
  const titleOf = (key: string) => titles.get(key) ?? key;
  const chunks: string[] = [renderFrontmatter(incident), FILE_NOTE, `# ${inlineText(incident.title)}`];

  if (incident.titleOriginal) chunks.push(`_Original title (${inlineText(incident.originalLanguage || "original")}):_ ${inlineText(incident.titleOriginal)}`);
  chunks.push(metaLine(incident));

  chunks.push("## Summary", renderBlock("summary", incident.summary));
  if (incident.summaryOriginal || incident.titleOriginal || incident.originalLanguage) {
    chunks.push(`### Summary in the original language (${inlineText(incident.originalLanguage || "original")})`);
    chunks.push(renderBlock("summary-original", incident.summaryOriginal));
  }
  chunks.push("## Impact", renderBlock("impact", incident.impact));
  chunks.push("## Root cause", renderBlock("root-cause", incident.rootCause));

  chunks.push("## Contributing factors");
  if (incident.contributingFactors.length === 0) chunks.push("_None recorded._");
  for (const factor of incident.contributingFactors) chunks.push(renderBlock("factor", factorAsListItem(factor)));

  chunks.push("## Timeline", `All times are local to ${inlineText(zone)}.`);
  if (incident.entries.length === 0) chunks.push("_No entries yet._");
  else chunks.push(mermaidFence(timelineMermaid(incident)));
  // groupByDay compares `at` as text; UTC ISO strings compare in instant order whatever the offsets.
  const days = groupByDay(
    incident.entries.map((entry) => ({ at: new Date(entry.at).toISOString(), entry })),
    zone,
  );
  for (const day of days) {
    chunks.push(`### Day ${day.dayNumber} · ${day.date}`);
    for (const { entry } of day.items) chunks.push(renderEntry(entry, zone));
  }

  const hasHypotheses = incident.entries.some((entry) => entry.kind === "hypothesis");
  if (hasHypotheses || incident.links.length > 0) {
    chunks.push("## Hypotheses", mermaidFence(hypothesisGraphMermaid(incident)));
    if (hasHypotheses) chunks.push(hypothesisTable(incident, assessSource(diagramSource(incident))));
  }

  chunks.push("## Links between entries");
  chunks.push(incident.links.length ? incident.links.map((link) => linkLine(link, titleOf)).join("\n") : "_None yet._");

  chunks.push("## Action items");
  chunks.push(incident.actionItems.length ? incident.actionItems.map(actionLine).join("\n") : "_None yet._");

  chunks.push("## Lessons");
  if (incident.lessons.length === 0) chunks.push("_None yet._");
  for (const lesson of incident.lessons) {
    chunks.push(`### ${lesson.title}\n${renderBlock("lesson", lesson.body, lesson.tags.length ? { slug: lesson.slug, tags: lesson.tags } : { slug: lesson.slug })}`);
    if (lesson.tags.length) chunks.push(`_Tags: ${lesson.tags.map(inlineText).join(", ")}_`);
  }

  chunks.push("## Attachments");
  chunks.push(
    incident.attachments.length
      ? incident.attachments.map((attachment) => attachmentLine(incident.slug, attachment, titleOf)).join("\n")
      : "_None._",
  );
  return `${chunks.join("\n\n")}\n`;
}

function metaLine(incident: PortableIncident): string {
  const parts = [`**Severity:** ${incident.severity}`, `**Status:** ${INCIDENT_STATUS_LABELS[incident.status]}`];
  if (incident.services.length) parts.push(`**Services:** ${incident.services.map(inlineText).join(", ")}`);
  if (incident.tags.length) parts.push(`**Tags:** ${incident.tags.map(inlineText).join(", ")}`);
  const moments: [string, string | null][] = [
    ["Started", incident.startedAt],
    ["Detected", incident.detectedAt],
    ["Resolved", incident.resolvedAt],
  ];
  for (const [label, at] of moments) if (at) parts.push(`**${label}:** ${localStamp(at, incident.timezone)}`);
  parts.push(`**Time zone:** ${inlineText(incident.timezone)}`);
  return parts.join(" · ");
}

function renderEntry(entry: PortableEntry, zone: string): string {
  const fields: Record<string, unknown> = { key: entry.key, kind: entry.kind, at: entry.at };
  if (entry.author) fields.author = entry.author;
  if (entry.statusOverride) fields.statusOverride = entry.statusOverride;
  if (entry.statusReason) fields.statusReason = entry.statusReason;
  return `${entryHeading(entry, zone)}\n${renderBlock("entry", entry.body, fields)}`;
}

function mermaidFence(source: string): string {
  return `\`\`\`mermaid\n${source}\n\`\`\``;
}
