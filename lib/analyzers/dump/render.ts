/** Markdown rendering of a dump report (also readable as plain text in a terminal). */
import type { DumpReport } from "./report";
import { REGION_KINDS, REJECTION_RULES, STRING_TYPES } from "./types";
import { formatBytes, formatCount, formatShare } from "./verdict";

function cell(text: string | number): string {
  return String(text).replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

function table(header: string[], rows: (string | number)[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ];
}

export function renderDumpReportMarkdown(report: DumpReport): string {
  const lines: string[] = ["# Memory dump: SDS strings", "", `**Verdict:** ${report.verdict.summary}`, ""];
  for (const item of report.verdict.evidence) lines.push(`- ${item}`);
  if (report.verdict.evidence.length) lines.push("");

  const { input, settings } = report;
  lines.push("## Input", "");
  const scope = settings.anonOnly ? "anonymous memory only" : "all regions";
  lines.push(
    `${input.format} · ${formatBytes(input.bytes)} · scanned ${formatBytes(input.scannedBytes)} (${scope}) · ` +
      `align ${settings.align} · min-len ${settings.minLen} · max-len ${settings.maxLen} · content ${settings.content}`,
    "",
  );
  lines.push(
    ...table(
      ["region kind", "regions", "bytes", "scanned"],
      REGION_KINDS.filter((kind) => input.regions[kind].count > 0).map((kind) => [
        kind,
        input.regions[kind].count,
        formatBytes(input.regions[kind].bytes),
        input.regions[kind].scanned ? "yes" : "no",
      ]),
    ),
    "",
  );
  if (input.elf) {
    lines.push(
      `ELF core: ${input.elf.loadSegments} PT_LOAD segments (${input.elf.loadsWithoutData} without data), ` +
        `${input.elf.fileMappings} file mappings in NT_FILE.`,
      "",
    );
  }
  if (input.hexdump) {
    lines.push(
      `Hexdump: ${input.hexdump.dataLines} data lines of ${input.hexdump.lines}, ${input.hexdump.badLines} unreadable, addresses ${input.hexdump.addressing}.`,
      "",
    );
  }
  if (input.warnings.length) lines.push(...input.warnings.map((w) => `- warning: ${w}`), "");

  const { strings } = report;
  lines.push("## Strings", "", `${strings.total} decoded, ${strings.keyLike} key-like.`, "");
  const usedRegions = REGION_KINDS.filter((kind) => strings.byRegion[kind] > 0 || input.regions[kind].scanned);
  lines.push(
    ...table(
      ["type", ...usedRegions, "total"],
      STRING_TYPES.filter((type) => strings.byType[type] > 0).map((type) => [
        type,
        ...usedRegions.map((kind) => strings.byTypeAndRegion[type][kind]),
        strings.byType[type],
      ]),
    ),
    "",
  );
  const convention = report.allocConvention;
  lines.push(
    `Header convention: **${convention.style}**. Among sdshdr8+: ${convention.usableSize} with alloc = the allocator's usable size (the rest of ` +
      `their size class), ${convention.allocEqualsLen} with alloc == len (${convention.exactFit} of them filling their class exactly, ` +
      `which either convention gives), ${convention.grown} grown above their length.`,
    "",
  );

  lines.push("## Candidates", "", `${report.candidates.examined} header candidates examined, ${report.candidates.accepted} accepted.`, "");
  lines.push(
    ...table(
      ["rejected by", "count", "rule"],
      REJECTION_RULES.map((rule) => [rule, report.candidates.rejected[rule], report.candidates.rules[rule]]),
    ),
    "",
  );

  lines.push("## Top header signatures", "");
  lines.push(
    ...table(
      ["type", "len", "alloc", "count", "share", "first at", "bytes"],
      report.signatures.top.map((s) => [s.type, s.len, s.alloc, s.count, formatShare(s.share), s.sampleAddress, code(s.sampleHex)]),
    ),
    "",
  );
  if (report.signatures.droppedStrings > 0) {
    lines.push(`(${report.signatures.droppedStrings} strings of rare signatures not tracked individually.)`, "");
  }

  const { runs } = report;
  lines.push(
    "## Contiguous runs",
    "",
    `${runs.runs} runs of ≥ ${runs.threshold} same-signature strings at a constant stride, holding ${runs.stringsInRuns} strings (${formatShare(runs.share)}).`,
    "",
  );
  if (runs.groups.length) {
    lines.push(
      ...table(
        ["type", "len", "alloc", "stride", "runs", "strings"],
        runs.groups.map((g) => [g.type, g.len, g.alloc, g.stride, g.runs, g.strings]),
      ),
      "",
      "Longest runs:",
      "",
      ...table(
        ["start", "end", "strings", "stride", "signature"],
        runs.longest.map((r) => [r.start, r.end, r.count, r.stride, `${r.type} ${r.len}/${r.alloc}`]),
      ),
      "",
    );
  }

  const { patterns, ownership } = report;
  lines.push("## Key patterns", "", `${patterns.distinct} distinct patterns among ${strings.keyLike} key-like strings.`, "");
  lines.push(
    ...table(
      ["pattern", "count", "share", ...(ownership ? ["not owned"] : []), "samples"],
      patterns.top.map((p) => [
        code(p.pattern),
        p.count,
        formatShare(p.share),
        ...(ownership ? [formatShare(p.foreignShare ?? 0)] : []),
        p.samples.map(code).join(" "),
      ]),
    ),
    "",
  );
  if (patterns.otherStrings > 0) {
    lines.push(`(${patterns.otherStrings} strings in rare patterns not listed; listed counts may be low by up to ${patterns.maxUndercount}.)`, "");
  }

  if (ownership) {
    const node = ownership.nodeId ? `node ${ownership.nodeId.slice(0, 12)}${ownership.address ? ` (${ownership.address})` : ""}` : "the node";
    lines.push(
      "## Cluster slot ownership",
      "",
      `${node} owns ${ownership.ownedSlots} slots: ${ownership.ranges || "none"} (from ${ownership.source}).`,
      `${ownership.foreign} of ${ownership.keyLikeHashed} key-like strings (${formatShare(ownership.foreignShare)}) hash to slots it does not own.`,
      "",
    );
    for (const note of ownership.notes) lines.push(`- ${note}`);
    for (const m of ownership.migrations) lines.push(`- slot ${m.slot} ${m.direction} ${m.direction === "migrating" ? "to" : "from"} ${m.peer.slice(0, 12)}`);
    if (ownership.notes.length || ownership.migrations.length) lines.push("");
  }
  if (report.keyCount) {
    const ratio = report.keyCount.ratio === null ? "n/a" : `${report.keyCount.ratio.toFixed(1)}×`;
    lines.push("## Strings vs keys", "", `${formatCount(report.keyCount.keyLikeStrings)} key-like strings for ${formatCount(report.keyCount.dbsize)} keys (DBSIZE): ${ratio}.`, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
