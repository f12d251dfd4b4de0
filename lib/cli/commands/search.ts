import { getDb } from "../../db/client";
import { hiddenIncidentNumbers } from "../../auth/visibility";
import { cliViewer, TOKEN_CLI_OPTION } from "../auth";
import { InvalidInputError } from "../../errors";
import { rebuildSearchIndex } from "../../search/rebuild";
import { searchKnowledgeBase, type SearchResponse } from "../../search/service";
import { parseCliArgs } from "../args";
import type { CliCommand, CliIO } from "../command";

/** `casebook search …`: the same search as GET /api/v1/search, for terminals and scripts. */

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/** Snippets are HTML; a terminal gets bold (or [brackets] when not interactive) and plain characters. */
export function terminalText(html: string, interactive: boolean): string {
  const [open, close] = interactive ? ["\x1b[1m", "\x1b[22m"] : ["[", "]"];
  return html.replace(/<mark>/g, open).replace(/<\/mark>/g, close).replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);
}

function formatResults(result: SearchResponse, interactive: boolean): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "es"}`;
  // Past COUNT_LIMIT matches the counts are a lower bound: "2000+ matches".
  const more = result.totalIsApproximate ? "+" : "";
  const lines = [
    `${result.total}${more} match${result.total === 1 ? "" : "es"} in ${result.totalIncidents}${more} incident${result.totalIncidents === 1 ? "" : "s"} for "${result.query}"`,
  ];
  if (result.rankedWindow) lines.push(`(ranked among the newest ${result.rankedWindow} matches; add words or filters for a complete ranking)`);
  let currentGroup = "";
  for (const hit of result.results) {
    // Checklist items and runbook steps belong to no incident: each is a group of its own.
    const group = hit.incident ? hit.incident.slug : `${hit.type}:${hit.id}`;
    if (group !== currentGroup) {
      currentGroup = group;
      if (hit.incident) {
        const { slug, status, severity, title, hits } = hit.incident;
        lines.push("", `${slug} · ${status} · ${severity} · ${title}  (${plural(hits, "match")})`);
      } else {
        lines.push("", `${hit.type === "checklist-item" ? "checklist" : "runbook"} · ${hit.url}`);
      }
    }
    const label = hit.detail ? `${hit.type}/${hit.detail}` : hit.type;
    lines.push(`  ${label.padEnd(18)} ${hit.id}: ${terminalText(hit.titleHtml, interactive)}`);
    if (hit.snippet) lines.push(`  ${" ".repeat(18)} ${terminalText(hit.snippet, interactive)}`);
  }
  const shown = new Set(result.results.map((hit) => (hit.incident ? hit.incident.slug : `${hit.type}:${hit.id}`))).size;
  if (result.offset + shown < result.totalGroups) lines.push("", `More results: --offset ${result.offset + result.limit}`);
  return `${lines.join("\n")}\n`;
}

const search: CliCommand = {
  path: ["search"],
  summary: "Search incidents, timeline entries, lessons, checklist items and runbook steps (Chinese and Japanese too); --json for the API's answer",
  usage: [
    'Usage: casebook search "TEXT" [--kind incident|entry|lesson|checklist-item|runbook-step] [--status S] [--severity S]',
    "                        [--service NAME] [--tag TAG] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N] [--offset N] [--json] [--token T]",
    "",
    'TEXT: words (all must match), "quoted phrases", prefixes (migrat*), a OR b, -excluded.',
    "Results are grouped by incident, best first. To search for the word reindex: casebook search -- reindex",
  ].join("\n"),
  async run(args, io: CliIO) {
    const { values, positionals } = parseCliArgs(args, {
      kind: { type: "string" },
      status: { type: "string" },
      severity: { type: "string" },
      service: { type: "string" },
      tag: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      limit: { type: "string" },
      offset: { type: "string" },
      json: { type: "boolean" },
      ...TOKEN_CLI_OPTION,
    });
    const q = positionals.join(" ").trim();
    if (!q) throw new InvalidInputError('give the text to search for, e.g. casebook search "memory leak"');
    const { json, token, ...filters } = values;
    const db = await getDb(io.env);
    const viewer = await cliViewer(db, io, token, "read", "search");
    const result = await searchKnowledgeBase(db, { q, ...filters }, { hiddenIncidents: await hiddenIncidentNumbers(db, viewer) });
    io.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatResults(result, io.isTTY && !io.env.NO_COLOR));
    return 0;
  },
};

const reindex: CliCommand = {
  path: ["search", "reindex"],
  summary: "Rebuild the search index from the data (idempotent; searches also rebuild an outdated index)",
  usage: "Usage: casebook search reindex\n\nRe-segments and re-indexes every incident, timeline entry, lesson, checklist item and runbook step in one transaction.",
  async run(args, io) {
    parseCliArgs(args, {}, false);
    const result = await rebuildSearchIndex(await getDb(io.env));
    io.stdout.write(`Indexed ${result.documents} documents of ${result.incidents} incident(s) in ${result.seconds.toFixed(1)} s.\n`);
    return 0;
  },
};

export const searchCommands: CliCommand[] = [search, reindex];
