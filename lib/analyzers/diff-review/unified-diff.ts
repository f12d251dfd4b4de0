/**
 * Unified diff parser for `git diff` / `git log -p` / `git diff-tree --stdin -p` output and `diff -u`.
 * Hunk line counts are enforced, so truncated or hand-edited diffs fail with the offending line number
 * instead of being silently mis-attributed.
 */
import { UnprocessableError } from "../../errors";

export type DiffLineKind = " " | "+" | "-";

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** Line number in the old file (context and removed lines). */
  oldLine?: number;
  /** Line number in the new file (context and added lines). */
  newLine?: number;
}

export interface DiffHunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** Text after the second `@@`: git's function context (truncated by git to ~80 characters). */
  context: string;
  lines: DiffLine[];
  /** 1-based line of the `@@` header in the diff text. */
  diffLine: number;
}

export type DiffFileStatus = "modified" | "added" | "deleted" | "renamed" | "copied";

export interface DiffFile {
  oldPath: string | null;
  newPath: string | null;
  /** The path to report: the new path, or the old one for deletions. */
  path: string;
  status: DiffFileStatus;
  binary: boolean;
  hunks: DiffHunk[];
  /** Commit the file belongs to, for `git log -p` / `git diff-tree --stdin` streams. */
  commit?: string;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;
const COMMIT_LINE = /^commit ([0-9a-f]{7,64})\b/;
const BARE_HASH_LINE = /^([0-9a-f]{40}|[0-9a-f]{64})$/;
const FORMAT_PATCH_FROM = /^From ([0-9a-f]{40}) /;
const GIT_EXTENDED_HEADER =
  /^(old mode|new mode|deleted file mode|new file mode|copy from|copy to|rename from|rename to|similarity index|dissimilarity index|index) /;

function unquoteGitPath(raw: string): string {
  if (!raw.startsWith('"')) return raw;
  const body = raw.slice(1, raw.lastIndexOf('"'));
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "\\": 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== "\\") {
      bytes.push(...Buffer.from(ch, "utf8"));
      continue;
    }
    const next = body[i + 1];
    if (/[0-7]/.test(next ?? "")) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Path from a `---`/`+++` line: drops the `diff -u` timestamp and returns null for /dev/null. */
function headerPath(rest: string): string | null {
  let value = rest.startsWith('"') ? unquoteGitPath(rest) : rest.split("\t")[0].trimEnd();
  if (value === "/dev/null") return null;
  if (!rest.startsWith('"') && /\s\d{4}-\d\d-\d\d \d\d:\d\d/.test(value)) value = value.replace(/\s+\d{4}-\d\d-\d\d .*$/, "");
  return value;
}

function stripPrefixes(oldPath: string | null, newPath: string | null): [string | null, string | null] {
  const strip = (value: string | null, prefix: string) => (value?.startsWith(prefix) ? value.slice(prefix.length) : value);
  const gitStyle = (oldPath === null || oldPath.startsWith("a/")) && (newPath === null || newPath.startsWith("b/"));
  if (gitStyle) return [strip(oldPath, "a/"), strip(newPath, "b/")];
  // `diff -u base/src/db.c head/src/db.c`: drop the differing first directory when the rest agrees.
  if (oldPath && newPath && oldPath !== newPath) {
    const oldRest = oldPath.split("/").slice(1).join("/");
    const newRest = newPath.split("/").slice(1).join("/");
    if (oldRest && oldRest === newRest) return [oldRest, newRest];
  }
  return [oldPath, newPath];
}

function pathsFromDiffGitLine(rest: string): [string | null, string | null] {
  // Ambiguous with spaces; only used when ---/+++ lines are absent (binary, mode-only, pure renames).
  const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
  if (quoted) return stripPrefixes(unquoteGitPath(quoted[1]), unquoteGitPath(quoted[2]));
  const half = rest.length >> 1;
  return stripPrefixes(rest.slice(0, half), rest.slice(half + 1));
}

type State = "preamble" | "file-header" | "between-hunks" | "hunk" | "binary-patch" | "signature";

/** Parses a unified diff; throws UnprocessableError naming the first line that does not fit. */
export function parseUnifiedDiff(text: string): DiffFile[] {
  const lines = text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const files: DiffFile[] = [];
  let state: State = "preamble";
  let current: DiffFile | null = null;
  let hunk: DiffHunk | null = null;
  let oldRemaining = 0;
  let newRemaining = 0;
  let oldNo = 0;
  let newNo = 0;
  let commit: string | undefined;

  const fail = (lineNo: number, message: string): never => {
    throw new UnprocessableError(`diff line ${lineNo}: ${message}`);
  };

  const startFile = (oldPath: string | null, newPath: string | null): DiffFile => {
    const file: DiffFile = {
      oldPath,
      newPath,
      path: newPath ?? oldPath ?? "",
      status: oldPath === null ? "added" : newPath === null ? "deleted" : oldPath !== newPath ? "renamed" : "modified",
      binary: false,
      hunks: [],
      ...(commit ? { commit } : {}),
    };
    files.push(file);
    return file;
  };

  const finishPaths = (file: DiffFile) => {
    file.path = file.newPath ?? file.oldPath ?? file.path;
    if (file.status !== "copied") {
      file.status = file.oldPath === null ? "added" : file.newPath === null ? "deleted" : file.oldPath !== file.newPath ? "renamed" : "modified";
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i].endsWith("\r") ? lines[i].slice(0, -1) : lines[i];

    if (state === "hunk") {
      const marker = line[0];
      if (line === "" && (oldRemaining <= 0 || newRemaining <= 0)) {
        fail(lineNo, `hunk starting at line ${hunk!.diffLine} ended early: expected ${Math.max(oldRemaining, 0)} more old and ${Math.max(newRemaining, 0)} more new lines, got an empty line`);
      }
      if (line === "" || marker === " ") {
        // Some tools strip the single space of empty context lines; accept a bare empty line as context.
        hunk!.lines.push({ kind: " ", text: line.slice(1), oldLine: oldNo++, newLine: newNo++ });
        oldRemaining--;
        newRemaining--;
      } else if (marker === "-") {
        hunk!.lines.push({ kind: "-", text: line.slice(1), oldLine: oldNo++ });
        oldRemaining--;
      } else if (marker === "+") {
        hunk!.lines.push({ kind: "+", text: line.slice(1), newLine: newNo++ });
        newRemaining--;
      } else if (marker === "\\") {
        continue; // "\ No newline at end of file"
      } else {
        fail(lineNo, `hunk starting at line ${hunk!.diffLine} ended early: expected ${Math.max(oldRemaining, 0)} more old and ${Math.max(newRemaining, 0)} more new lines, got "${line.slice(0, 60)}"`);
      }
      if (oldRemaining < 0 || newRemaining < 0) {
        fail(lineNo, `hunk starting at line ${hunk!.diffLine} has more lines than its header declares`);
      }
      if (oldRemaining === 0 && newRemaining === 0) state = "between-hunks";
      continue;
    }

    if (state === "binary-patch") {
      if (line === "") state = "between-hunks";
      continue;
    }

    const commitMatch = COMMIT_LINE.exec(line) ?? BARE_HASH_LINE.exec(line) ?? FORMAT_PATCH_FROM.exec(line);
    if (commitMatch && state !== "file-header") {
      commit = commitMatch[1];
      state = "preamble";
      current = null;
      continue;
    }

    if (line.startsWith("diff --git ")) {
      current = startFile(...pathsFromDiffGitLine(line.slice("diff --git ".length)));
      state = "file-header";
      continue;
    }
    if (/^diff (-\S+ )*\S/.test(line) && !line.startsWith("diff --git") && state !== "file-header") {
      current = null; // `diff -u a b` line; the ---/+++ lines that follow carry the paths
      state = "file-header";
      continue;
    }

    if (state === "signature") continue;

    if (line.startsWith("--- ") && (state !== "preamble" || lines[i + 1]?.startsWith("+++ "))) {
      const next = lines[i + 1]?.replace(/\r$/, "");
      if (!next?.startsWith("+++ ")) fail(lineNo + 1, `expected "+++ " after "--- " on line ${lineNo}`);
      const [oldPath, newPath] = stripPrefixes(headerPath(line.slice(4)), headerPath(next!.slice(4)));
      if (current && state === "file-header") {
        current.oldPath = oldPath;
        current.newPath = newPath;
        finishPaths(current);
      } else {
        current = startFile(oldPath, newPath);
      }
      i++;
      state = "between-hunks";
      continue;
    }

    if (line.startsWith("@@")) {
      if (!current || state === "preamble") fail(lineNo, "hunk header before any file header");
      const match = HUNK_HEADER.exec(line);
      if (!match) {
        fail(lineNo, line.startsWith("@@@") ? "combined (merge) diffs are not supported" : `malformed hunk header "${line.slice(0, 60)}"`);
      }
      const [, oldStart, oldCount, newStart, newCount, context] = match!;
      hunk = {
        oldStart: Number(oldStart),
        oldCount: oldCount === undefined ? 1 : Number(oldCount),
        newStart: Number(newStart),
        newCount: newCount === undefined ? 1 : Number(newCount),
        context: context ?? "",
        lines: [],
        diffLine: lineNo,
      };
      current!.hunks.push(hunk);
      oldRemaining = hunk.oldCount;
      newRemaining = hunk.newCount;
      oldNo = hunk.oldStart;
      newNo = hunk.newStart;
      state = oldRemaining === 0 && newRemaining === 0 ? "between-hunks" : "hunk";
      continue;
    }

    if (state === "file-header") {
      if (GIT_EXTENDED_HEADER.test(line)) {
        if (current && line.startsWith("rename from ")) current.oldPath = line.slice(12);
        if (current && line.startsWith("rename to ")) current.newPath = line.slice(10);
        if (current && line.startsWith("copy from ")) current.oldPath = line.slice(10);
        if (current && line.startsWith("copy to ")) {
          current.newPath = line.slice(8);
          current.status = "copied";
        }
        if (current && line.startsWith("new file mode")) current.oldPath = null;
        if (current && line.startsWith("deleted file mode")) current.newPath = null;
        if (current) finishPaths(current);
        continue;
      }
      if (/^Binary files .* differ$/.test(line)) {
        if (current) current.binary = true;
        state = "between-hunks";
        continue;
      }
      if (line === "GIT binary patch") {
        if (current) current.binary = true;
        state = "binary-patch";
        continue;
      }
    }

    if (state === "preamble") continue; // commit message, mail headers, `git show` header

    if (line === "" || line.startsWith("\\ ") || /^Only in .+: /.test(line) || /^Binary files .* differ$/.test(line)) continue;
    if (line === "-- ") {
      state = "signature"; // format-patch signature ("-- \n2.39.5")
      continue;
    }
    if (state === "file-header" && current === null) fail(lineNo, `expected "--- " after a diff command line, got "${line.slice(0, 60)}"`);
    fail(lineNo, `unexpected line outside a hunk: "${line.slice(0, 60)}"`);
  }

  if (state === "hunk") {
    fail(lines.length, `diff ended inside the hunk starting at line ${hunk!.diffLine} (expected ${oldRemaining} more old and ${newRemaining} more new lines)`);
  }
  if (files.length === 0) fail(1, "no file header found (expected \"diff --git\" or \"--- \"/\"+++ \" lines)");
  return files;
}
