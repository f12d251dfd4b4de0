/**
 * "Checklist for this change": the ownership checker's findings on top, then the checklist items the
 * diff calls for. The input is a pasted diff or a range of a local repository; the Markdown is meant
 * to be posted as a pull-request comment by CI.
 */
import { openRepository, resolveCommit, runGit } from "../analyzers/git";
import { MAX_DIFF_BYTES, reviewDiff } from "../analyzers/diff-review/review";
import type { DiffReviewResult, Finding } from "../analyzers/diff-review/types";
import { parseUnifiedDiff } from "../analyzers/diff-review/unified-diff";
import { inlineText } from "../content/render-lines";
import { PayloadTooLargeError } from "../errors";
import { code, lessonUrl, type ExportOptions } from "./exports";
import type { LibraryItem } from "./library";
import { describeEvidence, itemsForDiff, type AppliedItem, type DiffMatchResult } from "./match-diff";

export type DiffSource = { diffText: string } | { repo: string; base: string; head: string };

export interface ChecklistForDiff {
  ownership: DiffReviewResult;
  items: AppliedItem[];
  /** How many candidate items the change did not call for. */
  notApplicable: number;
  stats: DiffMatchResult["stats"];
}

/** The diff of base..head, produced exactly as the repository review reads it. */
async function repositoryDiff(repoPath: string, baseRef: string, headRef: string): Promise<string> {
  const repo = await openRepository(repoPath);
  const base = await resolveCommit(repo, baseRef, "base ref");
  const head = await resolveCommit(repo, headRef, "head ref");
  return runGit(repo, ["diff-tree", "-r", "-p", "--no-color", "--no-ext-diff", "--no-textconv", base, head]);
}

export async function checklistForDiff(source: DiffSource, candidates: LibraryItem[]): Promise<ChecklistForDiff> {
  let diffText: string;
  let ownership: DiffReviewResult;
  if ("diffText" in source) {
    // reviewDiff refuses oversize diffs too, but only after this function would have parsed one.
    if (Buffer.byteLength(source.diffText) > MAX_DIFF_BYTES) throw new PayloadTooLargeError(`diff is larger than ${MAX_DIFF_BYTES / 1024 / 1024} MB`);
    diffText = source.diffText;
    ownership = await reviewDiff({ diffText });
  } else {
    ownership = await reviewDiff(source);
    diffText = await repositoryDiff(source.repo, source.base, source.head);
  }
  const files = diffText.trim() === "" ? [] : parseUnifiedDiff(diffText);
  const matched = itemsForDiff(candidates, files);
  return { ownership, items: matched.applied, notApplicable: candidates.length - matched.applied.length, stats: matched.stats };
}

function findingLines(finding: Finding): string[] {
  const title = finding.kind === "ownership-change" ? "Ownership change" : "Double-free risk";
  const lines = [`- **${title}** in ${code(finding.function)} (${code(`${finding.file}:${finding.line}`)}): ${inlineText(finding.message)}`];
  const unreleased = finding.callers.filter((caller) => (finding.kind === "ownership-change" ? !caller.releases && caller.disposal !== "passes-on" : caller.releases));
  if (unreleased.length) {
    const label = finding.kind === "ownership-change" ? "callers that do not release" : "callers that still release";
    lines.push(`  - ${label}: ${unreleased.map((caller) => `${code(caller.function)} (${code(`${caller.file}:${caller.line}`)})`).join(", ")}`);
  }
  return lines;
}

/** Markdown for a pull-request comment: findings first, then the items as a task list. */
export function renderChecklistForDiffMarkdown(result: ChecklistForDiff, options: ExportOptions): string {
  const { ownership, items, stats } = result;
  const out = ["## Review checklist for this change", ""];
  const scope = `${ownership.stats.changedFunctions} changed function${ownership.stats.changedFunctions === 1 ? "" : "s"} in ${stats.files} file${stats.files === 1 ? "" : "s"}`;
  if (ownership.findings.length) {
    out.push(`### Ownership checker: ${ownership.findings.length} finding${ownership.findings.length === 1 ? "" : "s"} — read these first`, "");
    for (const finding of ownership.findings) out.push(...findingLines(finding));
    out.push("");
  } else {
    out.push(`**Ownership checker:** no ownership changes or double-free risks (${scope}).`, "");
  }
  if (!ownership.callersChecked) out.push("_Callers outside the diff were not checked; review a repository range to check them._", "");

  out.push(`### Checklist: ${items.length} item${items.length === 1 ? "" : "s"} for this change`, "");
  if (items.length === 0) out.push("No checklist item applies to the changed files and code.");
  for (const { item, evidence } of items) {
    out.push(`- [ ] **${item.code}** ${inlineText(item.question)} _(${item.severity})_ — [${inlineText(item.lesson.title)}](${lessonUrl(options, item.lesson.slug, item.code)}) · ${describeEvidence(evidence, code)}`);
  }
  out.push("");
  const notes: string[] = [];
  if (result.notApplicable) notes.push(`${result.notApplicable} other item${result.notApplicable === 1 ? "" : "s"} did not apply`);
  if (stats.truncated) notes.push(`only the first ${stats.scannedLines} of ${stats.changedLines} changed lines were matched against code patterns`);
  if (stats.timedOut) notes.push("matching code patterns took too long and stopped early, so items that depend on patterns may be missing");
  if (notes.length) out.push(`<sub>${notes.join("; ")}.</sub>`, "");
  return out.join("\n");
}
