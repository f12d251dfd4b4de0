/**
 * Classification without a repository: pasted `git log` output (default format, `--oneline`, or
 * `-p`) or release notes in the Redis 00-RELEASENOTES style (`Redis 3.2.10 Released …` headings with
 * `* subject (author)` bullets and `author in commit abc123:` entries).
 */
import { UnprocessableError } from "../../errors";
import { parseUnifiedDiff, type DiffFile } from "../diff-review/unified-diff";
import { classifyFixKind, compilePatterns, matchesFixPattern, type FixKind } from "./classify";
import { summarizeFiles } from "./commit-diffs";
import { parseVersion } from "./versions";

export type PastedFormat = "git-log" | "git-log-patch" | "oneline" | "release-notes";

export interface PastedFix {
  subject: string;
  kind: FixKind;
  commit?: string;
  version?: string;
  files?: string[];
  functions?: string[];
  /** 1-based line of the entry in the pasted text. */
  line: number;
}

export interface PastedLogResult {
  format: PastedFormat;
  /** Entries recognised in the text (commits or release-note items). */
  entries: number;
  /** Entries that look like memory-safety fixes, in the order of the text. */
  fixes: PastedFix[];
}

interface Entry {
  subject: string;
  message: string;
  line: number;
  commit?: string;
  version?: string;
}

const COMMIT_HEADER = /^commit ([0-9a-f]{7,64})\b(?:\s+\((.*)\))?/;
const ONELINE = /^[*|\\/ ]*([0-9a-f]{7,64})\s+(?:\(([^)]*)\)\s+)?(\S.*)$/;
const RELEASE_HEADING = /^\s*(?:#+\s*)?(?:\S+\s+)?v?(\d+\.\d+(?:\.\d+)?(?:-?(?:rc|beta|alpha)\.?\d*)?)\s+(?:\(|\[)?released\b/i;
const MARKDOWN_VERSION_HEADING = /^#{1,3}\s+(?:\S+\s+)?v?(\d+\.\d+(?:\.\d+)?(?:-?(?:rc|beta|alpha)\.?\d*)?)\b/i;
const BULLET = /^\s*[*\-•]\s+(\S.*)$/;
const COMMIT_ENTRY = /^(\S.*?) in commit ([0-9a-f]{7,64}):\s*$/;

function versionFromDecorations(decorations: string | undefined): string | undefined {
  if (!decorations) return undefined;
  for (const part of decorations.split(",")) {
    const tag = /tag:\s*(\S+)/.exec(part)?.[1];
    if (tag && parseVersion(tag)) return tag;
  }
  return undefined;
}

function parseGitLog(lines: string[]): Entry[] {
  const entries: Entry[] = [];
  let current: (Entry & { body: string[] }) | null = null;
  let inDiff = false;
  const flush = () => {
    if (!current) return;
    const message = current.body.join("\n").trim();
    current.subject = message.split("\n")[0]?.trim() ?? "";
    current.message = message;
    const { body: _body, ...entry } = current;
    void _body;
    entries.push(entry);
  };
  lines.forEach((line, i) => {
    const header = COMMIT_HEADER.exec(line);
    if (header) {
      flush();
      current = { subject: "", message: "", line: i + 1, commit: header[1], version: versionFromDecorations(header[2]), body: [] };
      inDiff = false;
      return;
    }
    if (!current) return;
    if (line.startsWith("diff --git ") || line.startsWith("diff -")) inDiff = true;
    if (!inDiff && line.startsWith("    ")) current.body.push(line.slice(4));
  });
  flush();
  return entries;
}

function parseOneline(lines: string[]): Entry[] {
  const entries: Entry[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const match = ONELINE.exec(line);
    if (!match) {
      throw new UnprocessableError(`line ${i + 1}: expected "<hash> <subject>" (git log --oneline), got "${line.slice(0, 60)}"`);
    }
    entries.push({ subject: match[3].trim(), message: match[3].trim(), line: i + 1, commit: match[1], version: versionFromDecorations(match[2]) });
  });
  return entries;
}

function parseReleaseNotes(lines: string[]): Entry[] {
  const entries: Entry[] = [];
  let version: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heading = RELEASE_HEADING.exec(line) ?? MARKDOWN_VERSION_HEADING.exec(line);
    if (heading) {
      version = heading[1];
      continue;
    }
    const commitEntry = COMMIT_ENTRY.exec(line);
    if (commitEntry) {
      const body: string[] = [];
      for (let k = i + 1; k < lines.length && /^\s+\S/.test(lines[k]) && !/^\s*\d+ files? changed/.test(lines[k]); k++) body.push(lines[k].trim());
      if (body.length > 0) entries.push({ subject: body[0], message: body.join("\n"), line: i + 1, commit: commitEntry[2], version });
      continue;
    }
    const bullet = BULLET.exec(line);
    if (bullet) {
      const text = [bullet[1]];
      const indent = line.length - line.trimStart().length;
      // Wrapped bullet text continues on more-indented lines.
      for (let k = i + 1; k < lines.length; k++) {
        const next = lines[k];
        if (!next.trim() || BULLET.test(next) || next.length - next.trimStart().length <= indent) break;
        text.push(next.trim());
        i = k;
      }
      const subject = text.join(" ").replace(/\s+\([^()]*\)\s*$/, "").trim(); // drop "(author)"
      entries.push({ subject, message: text.join(" "), line: i + 1 - (text.length - 1), version });
    }
  }
  return entries;
}

/** Same fix listed as a bullet and as an "in commit" entry: keep one, with the commit. */
function mergeDuplicates(entries: Entry[]): Entry[] {
  const key = (entry: Entry) => `${entry.version ?? ""}\0${entry.subject.toLowerCase().replace(/[.\s]+$/, "")}`;
  const kept = new Map<string, Entry>();
  for (const entry of entries) {
    const existing = kept.get(key(entry));
    if (!existing) kept.set(key(entry), entry);
    else if (!existing.commit && entry.commit) existing.commit = entry.commit;
  }
  return [...kept.values()];
}

/**
 * In a newest-first log, the first release containing a commit is the nearest version tag listed
 * above it (exact for a single release branch, which is what release logs are pasted from).
 */
function inheritVersions(entries: Entry[]): void {
  let newerTag: string | undefined;
  for (const entry of entries) {
    if (entry.version) newerTag = entry.version;
    else if (newerTag) entry.version = newerTag;
  }
}

function detectFormat(lines: string[]): PastedFormat {
  if (lines.some((line) => COMMIT_HEADER.test(line))) {
    return lines.some((line) => line.startsWith("diff --git ") || /^@@ -\d/.test(line)) ? "git-log-patch" : "git-log";
  }
  if (lines.some((line) => RELEASE_HEADING.test(line) || MARKDOWN_VERSION_HEADING.test(line))) return "release-notes";
  const firstIndex = lines.findIndex((line) => line.trim() !== "");
  if (firstIndex < 0) throw new UnprocessableError("the pasted text is empty");
  if (ONELINE.test(lines[firstIndex])) return "oneline";
  throw new UnprocessableError(
    `line ${firstIndex + 1}: not recognised as git log, git log --oneline or release notes: "${lines[firstIndex].slice(0, 60)}"`,
  );
}

export function classifyPastedLog(text: string, options: { extraPatterns?: string[] } = {}): PastedLogResult {
  const patterns = compilePatterns(options.extraPatterns);
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const format = detectFormat(lines);
  const entries =
    format === "oneline" ? parseOneline(lines) : format === "release-notes" ? mergeDuplicates(parseReleaseNotes(lines)) : parseGitLog(lines);
  if (format !== "release-notes") inheritVersions(entries);

  const filesByCommit = new Map<string, DiffFile[]>();
  if (format === "git-log-patch") {
    for (const file of parseUnifiedDiff(text.replace(/\r\n/g, "\n"))) {
      if (file.commit) filesByCommit.set(file.commit, [...(filesByCommit.get(file.commit) ?? []), file]);
    }
  }

  const fixes: PastedFix[] = [];
  for (const entry of entries) {
    if (!matchesFixPattern(entry.message, patterns)) continue;
    const files = entry.commit ? filesByCommit.get(entry.commit) : undefined;
    const diff = files ? summarizeFiles(files) : undefined;
    fixes.push({
      subject: entry.subject,
      kind: classifyFixKind(entry.message, diff),
      ...(entry.commit ? { commit: entry.commit } : {}),
      ...(entry.version ? { version: entry.version } : {}),
      ...(diff ? { files: diff.files, functions: [...new Set(diff.functions.map((fn) => fn.name))] } : {}),
      line: entry.line,
    });
  }
  return { format, entries: entries.length, fixes };
}
