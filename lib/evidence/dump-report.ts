/**
 * Evidence for the memory-dump analyzer: the verdict as the headline, the analyzer's Markdown report (its
 * headings moved under the entry's title) and the full JSON report. Shared by the API, the web page (through
 * the API) and the CLI's --attach, so an entry reads the same whichever way it was filed.
 */
import { renderDumpReportMarkdown } from "../analyzers/dump/render";
import type { DumpReport } from "../analyzers/dump/report";
import type { AnalysisEvidence } from "./attach";

/** Entry bodies may hold 200,000 characters; the report's lists are capped, this is a safety margin. */
const SUMMARY_LIMIT = 150_000;
const TRUNCATION_NOTE = "… (truncated; the attached JSON report has everything)";

export function dumpReportEvidence(report: DumpReport, title?: string): AnalysisEvidence {
  // The entry has a title already: "# Memory dump" goes, "## Input" becomes "### Input".
  let markdown = renderDumpReportMarkdown(report)
    .replace(/^# .*\n+/, "")
    .replace(/^(#{1,4}) /gm, "#$1 ");
  if (markdown.length > SUMMARY_LIMIT) {
    const cut = markdown.lastIndexOf("\n", SUMMARY_LIMIT - TRUNCATION_NOTE.length - 1);
    markdown = `${markdown.slice(0, cut > 0 ? cut : SUMMARY_LIMIT - TRUNCATION_NOTE.length - 1)}\n${TRUNCATION_NOTE}\n`;
  }
  return {
    title: (title ?? `Memory dump: ${report.verdict.summary}`).slice(0, 300),
    summaryMarkdown: markdown,
    report,
    reportName: "dump-report.json",
  };
}
