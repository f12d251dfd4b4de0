/**
 * Evidence for the code analyzers' results: a title, a Markdown summary built from the analyzers'
 * own renderers and the full JSON report. Shared by the API (`attach` option) and the CLI (`--attach`)
 * so an entry reads the same whichever way it was filed.
 */
import type { BackportScanResult } from "../analyzers/backports/types";
import type { PastedLogResult } from "../analyzers/backports/pasted";
import { renderBackportScan, renderPastedLog } from "../analyzers/backports/render";
import { renderDiffReviewMarkdown } from "../analyzers/diff-review/markdown";
import type { DiffReviewResult } from "../analyzers/diff-review/types";
import type { AnalysisEvidence } from "./attach";

/** Entry bodies may hold 200,000 characters; the summary stays well below and points at the JSON. */
const SUMMARY_LIMIT = 150_000;
const TRUNCATION_NOTE = "… (truncated; the attached JSON report has everything)";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** Cuts text at a line boundary so it fits `limit` characters, noting the cut. */
function truncateLines(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.lastIndexOf("\n", limit - TRUNCATION_NOTE.length - 1);
  return `${text.slice(0, cut > 0 ? cut : limit - TRUNCATION_NOTE.length - 1)}\n${TRUNCATION_NOTE}\n`;
}

/** Plain-text report as a fenced block; the fence is longer than any backtick run inside (commit subjects may hold some). */
function fenced(text: string): string {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${truncateLines(text, SUMMARY_LIMIT).replace(/\n$/, "")}\n${fence}`;
}

function shortHash(hash: string): string {
  return hash.slice(0, 10);
}

export function backportScanEvidence(result: BackportScanResult, title?: string): AnalysisEvidence {
  const deployed = result.deployed.ref;
  const missingFromFork = result.fork ? result.fixes.filter((fix) => !fix.presentInFork).length : null;
  const headline =
    `Upstream memory-safety fixes missing from the deployed ${deployed} (${shortHash(result.deployed.commit)}): **${result.fixes.length}**` +
    (result.fork && missingFromFork !== null ? `; missing from the fork ${result.fork.ref} as well: **${missingFromFork}**` : "") +
    `. Already present: ${result.present.length}.`;
  return {
    title: title ?? `Backport scan: ${plural(result.fixes.length, "upstream fix")} missing from ${deployed}`.slice(0, 300),
    summaryMarkdown: `${headline}\n\n${fenced(renderBackportScan(result))}\n`,
    report: result,
    reportName: "backport-scan.json",
  };
}

export function pastedLogEvidence(result: PastedLogResult, title?: string): AnalysisEvidence {
  return {
    title: title ?? `Pasted ${result.format}: ${plural(result.fixes.length, "memory-safety fix")} among ${result.entries} entries`,
    summaryMarkdown: `${fenced(renderPastedLog(result))}\n`,
    report: result,
    reportName: "pasted-log.json",
  };
}

export function diffReviewEvidence(result: DiffReviewResult, title?: string): AnalysisEvidence {
  const first = result.findings[0];
  // The entry already has a title: the report's headings move two levels down (# → ###).
  const markdown = renderDiffReviewMarkdown(result).replace(/^(#{1,4}) /gm, "##$1 ");
  return {
    title:
      title ??
      `Diff review: ${plural(result.findings.length, "finding")}${first ? ` — ${first.function} (${first.kind})` : ""}`.slice(0, 300),
    summaryMarkdown: truncateLines(markdown, SUMMARY_LIMIT),
    report: result,
    reportName: "diff-review.json",
  };
}
