/** Markdown and plain-text renderings of a diff review (walk-list first, then findings). */
import type { DiffReviewResult, Finding } from "./types";

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>|#])/g, "\\$1");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function findingTitle(finding: Finding): string {
  return finding.kind === "ownership-change" ? "Ownership change" : "Double-free risk";
}

export interface MarkdownOptions {
  /** Link to the "allocation cohesion" lesson, added to every finding and the footer. */
  lessonUrl?: string;
}

export function renderDiffReviewMarkdown(result: DiffReviewResult, options: MarkdownOptions = {}): string {
  const out: string[] = [];
  const range = result.mode === "repo" ? ` ${code(`${result.base?.slice(0, 12)}..${result.head?.slice(0, 12)}`)}` : "";
  out.push(`# Diff review by feature${range}`, "");
  out.push(
    `${result.stats.changedFunctions} changed function(s) in ${result.stats.files} file(s); ${result.findings.length} finding(s).` +
      (result.callersChecked ? "" : " Callers outside the diff were not checked (no repository)."),
    "",
  );

  out.push("## Findings", "");
  if (result.findings.length === 0) out.push("No ownership changes or double-free risks found.", "");
  for (const finding of result.findings) {
    out.push(`### ${findingTitle(finding)}: ${code(finding.function)} (${code(`${finding.file}:${finding.line}`)})`, "");
    out.push(escapeMarkdown(finding.message), "");
    const label = finding.kind === "ownership-change" ? "Allocations" : "Release calls";
    out.push(`${label} (${escapeMarkdown(finding.channel)}): ${finding.allocations.map((a) => code(`${a.call} @ ${a.line}`)).join(", ")}`, "");
    if (finding.callers.length > 0) {
      out.push("| caller | call site | updated | releases |", "|---|---|---|---|");
      for (const caller of finding.callers) {
        out.push(`| ${code(caller.function)} | ${code(`${caller.file}:${caller.line}`)} | ${caller.updated ? "yes" : "no"} | ${caller.releases ? "yes" : caller.disposal === "passes-on" ? "passes on" : "no"} |`);
      }
      out.push("");
    }
    if (options.lessonUrl) out.push(`See the lesson [allocation cohesion](${options.lessonUrl}).`, "");
  }

  out.push("## Review walk-list", "");
  if (result.walkList.length === 0) out.push("Nothing to review.", "");
  for (const step of result.walkList) {
    out.push(`${step.step}. ${code(step.function)} — ${code(`${step.file}:${step.line}`)} — ${escapeMarkdown(step.reasons.join("; "))}`);
  }
  out.push("");

  out.push("## Features", "");
  for (const feature of result.features) {
    out.push(`- ${code(feature.file)}`);
    for (const fn of feature.functions) {
      const callees = fn.callees.filter((c) => c.file).map((c) => c.function);
      out.push(
        `  - ${code(fn.name)} (line ${fn.line})${fn.changed ? " — changed" : ""}` +
          (fn.callers.length ? `; callers: ${fn.callers.map((c) => code(c.function)).join(", ")}` : "") +
          (callees.length ? `; callees: ${callees.map(code).join(", ")}` : ""),
      );
    }
  }
  out.push("");
  if (options.lessonUrl) {
    out.push(`Keep allocation and release cohesive: see [allocation cohesion](${options.lessonUrl}).`, "");
  }
  return out.join("\n");
}

export function renderDiffReviewText(result: DiffReviewResult): string {
  const out: string[] = [];
  out.push(`${result.stats.changedFunctions} changed function(s) in ${result.stats.files} file(s); ${result.findings.length} finding(s)`);
  if (!result.callersChecked) out.push("callers outside the diff were not checked (pass --repo/--base/--head to check them)");
  out.push("");
  for (const finding of result.findings) {
    out.push(`[${finding.kind}] ${finding.file}:${finding.line} ${finding.function}`);
    out.push(`  ${finding.message}`);
  }
  if (result.findings.length) out.push("");
  out.push("Review walk-list:");
  for (const step of result.walkList) {
    out.push(`  ${String(step.step).padStart(3)}. ${`${step.file}:${step.line}`.padEnd(28)} ${step.function.padEnd(28)} ${step.reasons.join("; ")}`);
  }
  return `${out.join("\n")}\n`;
}
