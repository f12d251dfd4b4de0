/**
 * Which checklist items a change calls for. An item applies when one changed file satisfies every
 * rule the item has: one of its languages, one of its path globs, and a changed (added or removed)
 * line matching one of its patterns. An item without rules applies to every non-empty change.
 *
 * Work is bounded whatever the diff: at most MAX_SCANNED_LINES changed lines are matched, each cut to
 * MAX_MATCHED_LINE_LENGTH characters, and pattern matching stops at a time budget (patterns are
 * checked against exponential shapes, but a polynomial one on long lines can still be slow). The
 * result says when any of this left something unchecked.
 */
import type { DiffFile } from "../analyzers/diff-review/unified-diff";
import { compileGlob, type CompiledGlob } from "./glob";
import type { LibraryItem } from "./library";
import { compilePattern, matchLine } from "./patterns";
import { LANGUAGE_FILES, SEVERITIES, type Language } from "./vocabulary";

export const MAX_SCANNED_LINES = 200_000;
export const PATTERN_TIME_BUDGET_MS = 2_000;

export interface ChangedLine {
  text: string;
  /** Line in the new file (added lines) or the old file (removed lines). */
  line: number;
}

export interface ChangedFile {
  path: string;
  /** The path before a rename, when different. */
  previousPath?: string;
  lines: ChangedLine[];
}

/** Why an item applies: a matched line, a file its language or globs select, or no rules at all. */
export type Evidence =
  | { kind: "pattern"; file: string; line: number; text: string }
  | { kind: "file"; file: string; language?: Language; glob?: string }
  | { kind: "general" };

export interface AppliedItem {
  item: LibraryItem;
  evidence: Evidence;
  /** Changed files that satisfy the item's rules. */
  files: string[];
}

export interface DiffMatchResult {
  applied: AppliedItem[];
  /** truncated: lines beyond MAX_SCANNED_LINES were not matched; timedOut: the time budget ran out. */
  stats: { files: number; changedLines: number; scannedLines: number; truncated: boolean; timedOut: boolean };
}

interface Budget {
  deadline: number;
  exceeded: boolean;
}

/** Changed files with their added and removed lines, keeping at most `maxLines` lines in total. */
export function changedFiles(files: DiffFile[], maxLines = MAX_SCANNED_LINES): { files: ChangedFile[]; changedLines: number; scannedLines: number } {
  let changedLines = 0;
  let scannedLines = 0;
  const result = files.map((file) => {
    const lines: ChangedLine[] = [];
    for (const hunk of file.hunks) {
      for (const line of hunk.lines) {
        if (line.kind === " ") continue;
        changedLines++;
        if (scannedLines >= maxLines) continue;
        scannedLines++;
        lines.push({ text: line.text, line: (line.kind === "+" ? line.newLine : line.oldLine) ?? hunk.newStart });
      }
    }
    const previousPath = file.oldPath && file.oldPath !== file.path ? file.oldPath : undefined;
    return { path: file.path, ...(previousPath ? { previousPath } : {}), lines };
  });
  return { files: result, changedLines, scannedLines };
}

const languageGlobs = new Map<Language, CompiledGlob[]>(
  (Object.entries(LANGUAGE_FILES) as [Language, readonly string[]][]).map(([language, globs]) => [language, globs.map(compileGlob)]),
);

export function languagesOfPath(filePath: string): Language[] {
  return [...languageGlobs].filter(([, globs]) => globs.some((glob) => glob.test(filePath))).map(([language]) => language);
}

interface CompiledRules {
  languages: Language[];
  paths: CompiledGlob[];
  patterns: RegExp[];
}

function compileRules(item: LibraryItem): CompiledRules {
  return {
    languages: item.appliesTo.languages,
    paths: item.appliesTo.paths.map(compileGlob),
    // Patterns were checked when the content was imported; compilePattern checks again rather than trust the database.
    patterns: item.appliesTo.patterns.map(compilePattern),
  };
}

/** Why `file` satisfies the rules, or null when it does not. */
function evidenceIn(file: ChangedFile, rules: CompiledRules, budget: Budget): Evidence | null {
  const paths = [file.path, ...(file.previousPath ? [file.previousPath] : [])];
  const reasons: { language?: Language; glob?: string } = {};
  if (rules.languages.length) {
    const language = rules.languages.find((candidate) => paths.some((candidatePath) => languagesOfPath(candidatePath).includes(candidate)));
    if (!language) return null;
    reasons.language = language;
  }
  if (rules.paths.length) {
    const glob = rules.paths.find((candidate) => paths.some((candidatePath) => candidate.test(candidatePath)));
    if (!glob) return null;
    reasons.glob = glob.source;
  }
  if (rules.patterns.length) {
    for (const line of file.lines) {
      if (budget.exceeded || Date.now() > budget.deadline) {
        budget.exceeded = true;
        return null;
      }
      for (const pattern of rules.patterns) {
        const matched = matchLine(pattern, line.text);
        if (matched !== null) return { kind: "pattern", file: file.path, line: line.line, text: clip(matched) };
      }
    }
    return null;
  }
  return { kind: "file", file: file.path, ...reasons };
}

const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

/** Evidence as text; `codeSpan` formats paths and code (Markdown) or leaves them plain. */
export function describeEvidence(evidence: Evidence, codeSpan: (text: string) => string = (text) => text): string {
  if (evidence.kind === "general") return "applies to every change";
  if (evidence.kind === "pattern") return `${codeSpan(evidence.text)} in ${codeSpan(`${evidence.file}:${evidence.line}`)}`;
  const reasons = [evidence.language ? `${evidence.language} file` : "", evidence.glob ? `matches ${codeSpan(evidence.glob)}` : ""].filter(Boolean);
  return `${codeSpan(evidence.file)} (${reasons.join(", ")})`;
}

/**
 * The items among `candidates` that the change calls for, most severe first (ties keep the
 * candidates' order), each with the evidence that selected it.
 */
export function itemsForDiff(
  candidates: LibraryItem[],
  diffFiles: DiffFile[],
  limits: { maxLines?: number; timeBudgetMs?: number } = {},
): DiffMatchResult {
  const { files, changedLines, scannedLines } = changedFiles(diffFiles, limits.maxLines ?? MAX_SCANNED_LINES);
  const budget: Budget = { deadline: Date.now() + (limits.timeBudgetMs ?? PATTERN_TIME_BUDGET_MS), exceeded: false };
  const applied: AppliedItem[] = [];
  for (const item of candidates) {
    const rules = compileRules(item);
    const general = !rules.languages.length && !rules.paths.length && !rules.patterns.length;
    if (general) {
      if (files.length) applied.push({ item, evidence: { kind: "general" }, files: [] });
      continue;
    }
    let evidence: Evidence | null = null;
    const matchedFiles: string[] = [];
    for (const file of files) {
      const found = evidenceIn(file, rules, budget);
      if (found === null) continue;
      evidence ??= found;
      matchedFiles.push(file.path);
    }
    if (evidence !== null) applied.push({ item, evidence, files: matchedFiles });
  }
  const rank = (entry: AppliedItem) => SEVERITIES.indexOf(entry.item.severity);
  applied.sort((a, b) => rank(a) - rank(b));
  return { applied, stats: { files: files.length, changedLines, scannedLines, truncated: scannedLines < changedLines, timedOut: budget.exceeded } };
}
