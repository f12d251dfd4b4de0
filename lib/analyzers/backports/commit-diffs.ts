/**
 * Diffs and patch-ids of many commits with two git processes in total: `git diff-tree --stdin -p`
 * prints every commit's patch (prefixed by its hash) and the same text is piped once into
 * `git patch-id --stable`, which maps each patch to the hash that introduced it.
 */
import { runGit } from "../git";
import { C_FILE } from "../diff-review/c-index";
import { signatureFromHunkContext, splitHunkByFunction } from "../diff-review/hunk-functions";
import { parseUnifiedDiff, type DiffFile } from "../diff-review/unified-diff";

export interface FunctionTouch {
  file: string;
  name: string;
}

export interface CommitDiff {
  files: string[];
  functions: FunctionTouch[];
  added: string[];
  removed: string[];
}

const DIFF_TREE_FLAGS = ["diff-tree", "--stdin", "-r", "--root", "--no-color", "--no-ext-diff", "--no-textconv"];

/** Files, functions (from hunk headers and definitions inside hunks) and changed lines of one commit. */
export function summarizeFiles(files: DiffFile[]): CommitDiff {
  const summary: CommitDiff = { files: [], functions: [], added: [], removed: [] };
  const seen = new Set<string>();
  for (const file of files) {
    summary.files.push(file.path);
    for (const hunk of file.hunks) {
      const spans = C_FILE.test(file.path)
        ? splitHunkByFunction(hunk)
        : [{ signature: signatureFromHunkContext(hunk.context), lines: hunk.lines }];
      for (const span of spans) {
        const changed = span.lines.filter((line) => line.kind !== " ");
        for (const line of changed) (line.kind === "+" ? summary.added : summary.removed).push(line.text);
        const name = span.signature?.name;
        if (name && changed.length > 0 && !seen.has(`${file.path}\0${name}`)) {
          seen.add(`${file.path}\0${name}`);
          summary.functions.push({ file: file.path, name });
        }
      }
    }
  }
  return summary;
}

export interface CommitDiffs {
  diffs: Map<string, CommitDiff>;
  patchIds: Map<string, string>;
}

export async function loadCommitDiffs(repo: string, hashes: string[]): Promise<CommitDiffs> {
  const result: CommitDiffs = { diffs: new Map(), patchIds: new Map() };
  if (hashes.length === 0) return result;
  const patchText = await runGit(repo, [...DIFF_TREE_FLAGS, "-p"], { input: `${hashes.join("\n")}\n` });
  if (!patchText.includes("\ndiff --git ") && !patchText.startsWith("diff --git ")) return result;
  const [patchIds, files] = await Promise.all([
    runGit(repo, ["patch-id", "--stable"], { input: patchText }),
    Promise.resolve(parseUnifiedDiff(patchText)),
  ]);
  for (const line of patchIds.split("\n")) {
    const [patchId, commit] = line.split(" ");
    if (patchId && commit) result.patchIds.set(commit, patchId);
  }
  const byCommit = new Map<string, DiffFile[]>();
  for (const file of files) {
    if (!file.commit) continue;
    byCommit.set(file.commit, [...(byCommit.get(file.commit) ?? []), file]);
  }
  for (const [commit, commitFiles] of byCommit) result.diffs.set(commit, summarizeFiles(commitFiles));
  return result;
}

/** Sorted file list of each commit, from one `git diff-tree --stdin --name-only`. */
export async function loadFileSets(repo: string, hashes: string[]): Promise<Map<string, string>> {
  const sets = new Map<string, string>();
  if (hashes.length === 0) return sets;
  const output = await runGit(repo, [...DIFF_TREE_FLAGS, "--name-only"], { input: `${hashes.join("\n")}\n` });
  let current: string | null = null;
  let files: string[] = [];
  const flush = () => {
    if (current) sets.set(current, [...files].sort().join("\n"));
  };
  for (const line of output.split("\n")) {
    if (/^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(line)) {
      flush();
      current = line;
      files = [];
    } else if (line) {
      files.push(line);
    }
  }
  flush();
  return sets;
}
